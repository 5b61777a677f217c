namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>One statement of a command's script has executed: which one, of how many, and how long it took.</summary>
public sealed class DuckDbStatementCompletedEventArgs(int statementNumber, int statementCount, TimeSpan elapsed) : EventArgs
{
    /// <summary>1-based position of the statement in the script.</summary>
    public int StatementNumber { get; } = statementNumber;

    public int StatementCount { get; } = statementCount;

    /// <summary>Time DuckDB took to execute it (for a query: until its result was ready to fetch).</summary>
    public TimeSpan Elapsed { get; } = elapsed;
}
