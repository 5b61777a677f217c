using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// A query parameter. Named parameters match <c>$name</c> in the SQL (a leading $, @ or : in
/// <see cref="ParameterName"/> is ignored); unnamed ones match <c>?</c> or <c>$1</c> by position.
/// </summary>
public sealed class DuckDbParameter : DbParameter
{
    private string _name = string.Empty;
    private DbType? _dbType;

    public DuckDbParameter()
    {
    }

    public DuckDbParameter(object? value) => Value = value;

    public DuckDbParameter(string name, object? value)
    {
        ParameterName = name;
        Value = value;
    }

    public override DbType DbType
    {
        get => _dbType ?? DbType.Object;
        set => _dbType = value;
    }

    /// <summary>The DbType set explicitly, if any: it decides e.g. whether a DateTime binds as DATE or TIMESTAMP.</summary>
    internal DbType? ExplicitDbType => _dbType;

    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException("DuckDB parameters are input only.");
            }
        }
    }

    public override bool IsNullable { get; set; } = true;

    [AllowNull]
    public override string ParameterName
    {
        get => _name;
        set => _name = value ?? string.Empty;
    }

    /// <summary>The name as DuckDB knows it: without the $, @ or : prefix.</summary>
    internal string BareName => _name.TrimStart('$', '@', ':');

    [AllowNull]
    public override string SourceColumn { get; set; } = string.Empty;

    public override object? Value { get; set; }

    public override bool SourceColumnNullMapping { get; set; }

    public override int Size { get; set; }

    public override void ResetDbType() => _dbType = null;
}
