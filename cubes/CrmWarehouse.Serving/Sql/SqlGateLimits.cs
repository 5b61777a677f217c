namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// How big a statement the gate reads. DuckDB cannot interrupt its parser or planner, so a statement has to be small
/// enough for both to end well within the query's time budget: 20,000 <c>SELECT 1</c> joined by UNION ALL (380 KB)
/// once kept a core busy for minutes in planning.
/// </summary>
/// <param name="MaxCharacters">Longest SQL text accepted, in characters.</param>
/// <param name="MaxDepth">Deepest parse tree accepted, in levels of DuckDB's JSON form of it (a plain SELECT is about 10).</param>
internal sealed record SqlGateLimits(int MaxCharacters = 100_000, int MaxDepth = 512);
