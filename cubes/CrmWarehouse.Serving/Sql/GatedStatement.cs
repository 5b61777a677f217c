namespace CrmWarehouse.Serving.Sql;

/// <summary>A statement the gate let through, with what it reads (for the query audit).</summary>
/// <param name="Relations">The tables and views it reads, as <c>schema.name</c>, each once.</param>
/// <param name="IsExplain">True for EXPLAIN of a SELECT.</param>
internal sealed record GatedStatement(IReadOnlyList<string> Relations, bool IsExplain)
{
    /// <summary>For a SELECT on a cube relation: what it asks the cube compiler; the doors run that instead of its text.</summary>
    public CubeSqlStatement? Cube { get; init; }
}
