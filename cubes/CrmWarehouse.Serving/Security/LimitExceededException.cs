namespace CrmWarehouse.Serving.Security;

/// <summary>A request over one of the <see cref="ServingLimits"/>; the message names the limit and <see cref="Status"/> is the HTTP status it answers with
/// (413 too large, 429 too many; the wire protocol maps it to its own error codes).</summary>
internal sealed class LimitExceededException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;
}
