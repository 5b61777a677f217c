using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Serving.Security;

/// <summary>How a query ended, as <c>audit.query_log.outcome</c> spells it.</summary>
public enum QueryOutcome
{
    Ok,
    Refused,
    Error,
    Timeout,
}

/// <summary>
/// One row of <c>audit.query_log</c>: who asked what through which door and how it went. Never a result value: the
/// bound parameters are kept as a hash only (<see cref="HashParameters"/>).
/// </summary>
public sealed record QueryRecord(
    DateTimeOffset At,
    string User,
    string Role,
    string Door,
    string? ClientAddress,
    string? Sql,
    string? ParametersHash,
    IReadOnlyList<string> Relations,
    long? Rows,
    double DurationMs,
    QueryOutcome Outcome,
    string? Reason)
{
    /// <summary>The HTTP door's name in the log.</summary>
    public const string Http = "http";

    /// <summary>The PostgreSQL wire protocol door's name in the log.</summary>
    public const string PgWire = "pgwire";

    /// <summary>The web UI's sign-in form (its session cookie then signs in HTTP requests, which are <see cref="Http"/>).</summary>
    public const string Web = "web";

    /// <summary>SHA-256 (hex) over the values in order, each as its invariant text; null when there are none.</summary>
    public static string? HashParameters(IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder();
        var any = false;
        foreach (var value in values)
        {
            any = true;
            var item = value is null ? "\u0000null" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            text.Append(item?.Length).Append(':').Append(item).Append('\u001f');
        }

        return any ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))) : null;
    }
}
