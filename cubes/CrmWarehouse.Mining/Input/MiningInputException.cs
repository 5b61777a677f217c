namespace CrmWarehouse.Mining.Input;

/// <summary>Input a mining step cannot use, with the file, line and column a user has to look at.</summary>
public sealed class MiningInputException : Exception
{
    public MiningInputException(string message)
        : base(message)
    {
    }

    public MiningInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MiningInputException()
    {
    }

    internal static MiningInputException At(string path, long line, string? column, string problem) =>
        new(column is null ? $"{path}, line {line}: {problem}" : $"{path}, line {line}, column '{column}': {problem}");
}
