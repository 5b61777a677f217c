using System.Data.Common;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>An error reported by DuckDB, with DuckDB's own message and error class.</summary>
public sealed class DuckDbException : DbException
{
    public DuckDbException(string message, DuckDbErrorType errorType = DuckDbErrorType.Invalid, Exception? inner = null)
        : base(message, inner)
    {
        ErrorType = errorType;
    }

    public DuckDbException()
        : this("DuckDB reported an error.")
    {
    }

    public DuckDbException(string message)
        : this(message, DuckDbErrorType.Invalid)
    {
    }

    public DuckDbException(string message, Exception inner)
        : this(message, DuckDbErrorType.Invalid, inner)
    {
    }

    /// <summary>The class of the error (Parser, Binder, Catalog, Constraint, Interrupt, …).</summary>
    public DuckDbErrorType ErrorType { get; }

    /// <summary>
    /// Builds the exception from a message whose class is only known by its text ("Parser Error: …"),
    /// as for errors of prepare and extract, where the C API gives no error type.
    /// </summary>
    internal static DuckDbException FromMessage(string? message, string fallback)
    {
        var text = string.IsNullOrWhiteSpace(message) ? fallback : message;
        return new DuckDbException(text, ClassifyMessage(text));
    }

    private static DuckDbErrorType ClassifyMessage(string message)
    {
        var colon = message.IndexOf(" Error:", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return DuckDbErrorType.Invalid;
        }

        var name = message[..colon].Replace(" ", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<DuckDbErrorType>(name, ignoreCase: true, out var type) ? type : DuckDbErrorType.Invalid;
    }
}
