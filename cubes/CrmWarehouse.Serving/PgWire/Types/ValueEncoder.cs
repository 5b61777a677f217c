using CrmWarehouse.Serving.PgWire.Protocol;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>
/// Writes one column's values in PostgreSQL's text or binary format. The reader path is the fast one (typed reads,
/// no boxing); the object path serves array elements and answers computed by the server itself.
/// </summary>
internal abstract class ValueEncoder
{
    public abstract void WriteText(DuckDBDataReader reader, int ordinal, PgWriter writer);

    public abstract void WriteBinary(DuckDBDataReader reader, int ordinal, PgWriter writer);

    public abstract void WriteText(object value, PgWriter writer);

    public abstract void WriteBinary(object value, PgWriter writer);
}

/// <summary>An encoder over values DuckDB.NET reads as <typeparamref name="T"/>.</summary>
internal abstract class ValueEncoder<T> : ValueEncoder
{
    public sealed override void WriteText(DuckDBDataReader reader, int ordinal, PgWriter writer) => Text(reader.GetFieldValue<T>(ordinal), writer);

    public sealed override void WriteBinary(DuckDBDataReader reader, int ordinal, PgWriter writer) => Binary(reader.GetFieldValue<T>(ordinal), writer);

    public sealed override void WriteText(object value, PgWriter writer) => Text(Convert(value), writer);

    public sealed override void WriteBinary(object value, PgWriter writer) => Binary(Convert(value), writer);

    protected abstract void Text(T value, PgWriter writer);

    protected abstract void Binary(T value, PgWriter writer);

    /// <summary>A boxed value (a list element, a computed answer) as <typeparamref name="T"/>.</summary>
    protected virtual T Convert(object value) => (T)System.Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
}
