namespace CrmWarehouse.Serving.Security;

/// <summary>
/// Files holding secrets or personal data, readable by the service's own user only (0600): written aside and renamed
/// into place, so a reader sees the old file or the new one, never half of one, and never a moment with wider rights.
/// </summary>
internal static class SecretFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, string text)
    {
        var aside = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using (var stream = new FileStream(aside, options))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(aside, path, overwrite: true);
        }
        finally
        {
            File.Delete(aside);
        }
    }
}
