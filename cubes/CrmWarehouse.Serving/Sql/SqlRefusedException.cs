namespace CrmWarehouse.Serving.Sql;

/// <summary>A statement the read-only gate will not run; the message says why in words an analyst can act on.</summary>
internal sealed class SqlRefusedException(string message) : Exception(message);
