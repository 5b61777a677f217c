namespace CrmWarehouse.Tests.Hosting;

/// <summary>
/// The structured log a crmw process writes under its home (var/log, one file per day), read while it runs: tests
/// note its length, start the process, and wait for a line to appear after that point.
/// </summary>
internal sealed class ServiceLog(string home)
{
    private string Directory => Path.Combine(home, "var", "log");

    /// <summary>Bytes written so far, across the day files.</summary>
    public long Length() => System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory).Sum(f => new FileInfo(f).Length) : 0;

    /// <summary>What was written after <paramref name="offset"/> bytes (read while the writer still holds the file).</summary>
    public string TextAfter(long offset)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return string.Empty;
        }

        var bytes = System.IO.Directory.GetFiles(Directory).Order().SelectMany(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }).ToArray();
        return offset < bytes.Length ? System.Text.Encoding.UTF8.GetString(bytes, (int)offset, bytes.Length - (int)offset) : string.Empty;
    }
}
