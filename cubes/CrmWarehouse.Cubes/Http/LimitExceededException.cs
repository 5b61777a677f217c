namespace CrmWarehouse.Cubes.Http;

/// <summary>A request over one of the <see cref="ServingLimits"/>; the message names the limit and <see cref="Status"/> is the HTTP status it answers with.</summary>
internal sealed class LimitExceededException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;
}
