using System.Data;
using System.Data.Common;
using CrmWarehouse.Warehouse.DuckDb.Native;
using CrmWarehouse.Warehouse.DuckDb.Values;

namespace CrmWarehouse.Warehouse.DuckDb;

public sealed partial class DuckDbDataReader
{
    public override string GetName(int ordinal) => Result.Names[CheckOrdinal(ordinal)];

    public override int GetOrdinal(string name)
    {
        var names = Result.Names;
        var index = Array.IndexOf(names, name);
        if (index < 0)
        {
            index = Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        }

        return index >= 0 ? index : throw new IndexOutOfRangeException($"The result has no column named '{name}' (columns: {string.Join(", ", names)}).");
    }

    /// <summary>DuckDB's SQL name of the column type, e.g. DECIMAL(18,2), VARCHAR[], TIMESTAMP WITH TIME ZONE.</summary>
    public override string GetDataTypeName(int ordinal) => Result.Types[CheckOrdinal(ordinal)].SqlName;

    public override Type GetFieldType(int ordinal) => VectorView.ClrType(Result.Types[CheckOrdinal(ordinal)]);

    public override DataTable GetSchemaTable()
    {
        var table = new DataTable("SchemaTable");
        table.Columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        table.Columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        table.Columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        table.Columns.Add(SchemaTableColumn.NumericPrecision, typeof(short));
        table.Columns.Add(SchemaTableColumn.NumericScale, typeof(short));
        table.Columns.Add(SchemaTableColumn.DataType, typeof(Type));
        table.Columns.Add(SchemaTableColumn.ProviderType, typeof(int));
        table.Columns.Add("DataTypeName", typeof(string));
        table.Columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsKey, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsUnique, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsLong, typeof(bool));
        table.Columns.Add(SchemaTableColumn.BaseColumnName, typeof(string));
        for (var i = 0; i < FieldCount; i++)
        {
            var type = Result.Types[i];
            var row = table.NewRow();
            row[SchemaTableColumn.ColumnName] = Result.Names[i];
            row[SchemaTableColumn.ColumnOrdinal] = i;
            row[SchemaTableColumn.ColumnSize] = -1;
            row[SchemaTableColumn.NumericPrecision] = type.Id == DuckDbType.Decimal ? type.DecimalWidth : DBNull.Value;
            row[SchemaTableColumn.NumericScale] = type.Id == DuckDbType.Decimal ? type.DecimalScale : DBNull.Value;
            row[SchemaTableColumn.DataType] = VectorView.ClrType(type);
            row[SchemaTableColumn.ProviderType] = (int)type.Id;
            row["DataTypeName"] = type.SqlName;
            row[SchemaTableColumn.AllowDBNull] = true;
            row[SchemaTableColumn.IsKey] = false;
            row[SchemaTableColumn.IsUnique] = false;
            row[SchemaTableColumn.IsLong] = type.Id is DuckDbType.Varchar or DuckDbType.Blob;
            row[SchemaTableColumn.BaseColumnName] = Result.Names[i];
            table.Rows.Add(row);
        }

        return table;
    }

    private Execution.QueryResult Result
    {
        get
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            return _result is { HasRows: true } ? _result : throw new InvalidOperationException("The reader is not positioned on a result set.");
        }
    }

    private int CheckOrdinal(int ordinal) =>
        (uint)ordinal < (uint)FieldCount ? ordinal : throw new IndexOutOfRangeException($"Column ordinal {ordinal} is out of range; the result has {FieldCount} columns.");
}
