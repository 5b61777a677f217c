namespace CrmWarehouse.Serving.PgWire.Protocol;

/// <summary>What an ErrorResponse or NoticeResponse says; <see cref="Position"/> is 1-based, in characters of the query.</summary>
internal sealed record PgError(string SqlState, string Message, string Severity = "ERROR", string? Detail = null, string? Hint = null, int? Position = null);
