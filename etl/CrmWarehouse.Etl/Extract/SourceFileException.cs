namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// A source file that cannot be read as what it claims to be: the message names the file, the line (where the bad
/// record starts), the column and what is wrong, so that whoever sends the file can fix it. The batch fails and
/// publishes nothing.
/// </summary>
public sealed class SourceFileException(string path, long line, int column, string problem)
    : Exception($"{path}, line {line}, column {column}: {problem}")
{
    public string Path { get; } = path;

    public long Line { get; } = line;

    public int Column { get; } = column;
}
