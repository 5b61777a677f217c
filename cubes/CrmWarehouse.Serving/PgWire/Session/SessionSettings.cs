using System.Globalization;
using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// The session's PostgreSQL settings as clients see them through SET, SHOW, current_setting() and ParameterStatus.
/// They live here, not in DuckDB: DuckDB's configuration is locked, and none of these changes what DuckDB does,
/// except statement_timeout, which shortens this session's query timeout.
/// </summary>
internal sealed class SessionSettings
{
    /// <summary>Sent as ParameterStatus at startup and again whenever one changes, as PostgreSQL does.</summary>
    private static readonly string[] Reported =
    [
        "server_version", "server_encoding", "client_encoding", "application_name", "DateStyle", "IntervalStyle",
        "integer_datetimes", "standard_conforming_strings", "TimeZone", "is_superuser", "session_authorization",
        "default_transaction_read_only", "in_hot_standby", "scram_iterations",
    ];

    /// <summary>Settings a client may change; every other PostgreSQL setting is read-only here (custom dotted names are free, as in PostgreSQL).</summary>
    private static readonly HashSet<string> Settable = new(StringComparer.OrdinalIgnoreCase)
    {
        "application_name", "extra_float_digits", "DateStyle", "IntervalStyle", "TimeZone", "search_path",
        "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "idle_session_timeout", "client_min_messages",
        "client_encoding", "bytea_output", "default_transaction_isolation", "transaction_isolation",
        "default_transaction_read_only", "transaction_read_only", "synchronous_commit", "jit", "work_mem", "row_security",
        "lc_monetary", "lc_numeric", "lc_time", "lc_messages", "geqo", "enable_seqscan", "enable_nestloop", "enable_hashjoin",
        "join_collapse_limit", "from_collapse_limit", "cursor_tuple_fraction", "max_parallel_workers_per_gather",
        "standard_conforming_strings", "escape_string_warning", "backslash_quote", "timezone_abbreviations", "datestyle",
    };

    private readonly Dictionary<string, string> _defaults;
    private readonly Dictionary<string, string> _values;

    public SessionSettings(string serverVersion, string user, string viewSchema)
    {
        _defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["server_version"] = serverVersion,
            ["server_version_num"] = VersionNumber(serverVersion),
            ["server_encoding"] = "UTF8",
            ["client_encoding"] = "UTF8",
            ["application_name"] = string.Empty,
            ["DateStyle"] = "ISO, MDY",
            ["IntervalStyle"] = "postgres",
            ["integer_datetimes"] = "on",
            ["standard_conforming_strings"] = "on",
            ["TimeZone"] = "UTC",
            ["is_superuser"] = "off",
            ["session_authorization"] = user,
            ["default_transaction_read_only"] = "on",
            ["transaction_read_only"] = "on",
            ["in_hot_standby"] = "off",
            ["scram_iterations"] = "4096",
            ["extra_float_digits"] = "1",
            // What the session's connection resolves unqualified names in: the role's views.
            ["search_path"] = viewSchema,
            ["statement_timeout"] = "0",
            ["lock_timeout"] = "0",
            ["idle_in_transaction_session_timeout"] = "0",
            ["idle_session_timeout"] = "0",
            ["client_min_messages"] = "notice",
            ["bytea_output"] = "hex",
            ["default_transaction_isolation"] = "read committed",
            ["transaction_isolation"] = "read committed",
            ["max_identifier_length"] = "63",
            ["max_connections"] = "256",
            ["max_index_keys"] = "32",
            ["block_size"] = "8192",
            ["lc_collate"] = "C.UTF-8",
            ["lc_ctype"] = "C.UTF-8",
            ["lc_monetary"] = "C",
            ["lc_numeric"] = "C",
            ["lc_time"] = "C",
            ["lc_messages"] = "C",
            ["synchronous_commit"] = "on",
            ["jit"] = "off",
            ["work_mem"] = "4MB",
            ["row_security"] = "on",
            ["password_encryption"] = "scram-sha-256",
            ["ssl"] = "off",
            ["data_directory_mode"] = "0700",
            ["escape_string_warning"] = "on",
            ["backslash_quote"] = "safe_encoding",
            ["timezone_abbreviations"] = "Default",
            ["default_text_search_config"] = "pg_catalog.english",
        };
        _values = new Dictionary<string, string>(_defaults, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The settings sent as ParameterStatus when the session starts.</summary>
    public IEnumerable<(string Name, string Value)> Startup() => Reported.Select(name => (name, _values[name]));

    /// <summary>Every setting and its value (SHOW ALL, pg_settings).</summary>
    public IEnumerable<KeyValuePair<string, string>> All => _values.OrderBy(pair => pair.Key, StringComparer.Ordinal);

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value of a setting (SHOW, current_setting); 42704 when PostgreSQL has no such setting here.</summary>
    public string Show(string name) => _values.TryGetValue(Canonical(name), out var value)
        ? value
        : throw new PgErrorException(SqlStates.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");

    /// <summary>Changes a setting; returns the name and value to report as ParameterStatus when clients track it, else null.</summary>
    public (string Name, string Value)? Set(string name, string? value)
    {
        var canonical = Canonical(name);
        var custom = canonical.Contains('.', StringComparison.Ordinal);
        if (!custom && !Settable.Contains(canonical))
        {
            throw _values.ContainsKey(canonical)
                ? new PgErrorException(SqlStates.InsufficientPrivilege, $"parameter \"{name}\" cannot be changed on this read-only warehouse")
                : new PgErrorException(SqlStates.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
        }

        value ??= _defaults.GetValueOrDefault(canonical, string.Empty);
        Validate(canonical, value);
        _values[canonical] = value;
        Version++;
        var reported = Reported.FirstOrDefault(r => r.Equals(canonical, StringComparison.OrdinalIgnoreCase));
        return reported is null ? null : (reported, value);
    }

    /// <summary>Goes up with every change, so that what mirrors the settings (pg_settings) knows to follow.</summary>
    public int Version { get; private set; }

    public void ResetAll()
    {
        Version++;
        foreach (var name in Settable.Where(_values.ContainsKey).ToList())
        {
            _values[Canonical(name)] = _defaults.GetValueOrDefault(Canonical(name), string.Empty);
        }
    }

    /// <summary>statement_timeout in milliseconds (0: none). PostgreSQL reads a bare number as milliseconds.</summary>
    public int StatementTimeoutMilliseconds()
    {
        var text = _values["statement_timeout"].Trim().ToLowerInvariant();
        var number = new string(text.TakeWhile(char.IsDigit).ToArray());
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return 0;
        }

        var unit = text[number.Length..].Trim();
        var milliseconds = unit switch
        {
            "s" => amount * 1000,
            "min" => amount * 60_000,
            "h" => amount * 3_600_000,
            _ => amount,
        };
        return (int)Math.Min(milliseconds, int.MaxValue);
    }

    private string Canonical(string name) =>
        name.Equals("datestyle", StringComparison.OrdinalIgnoreCase) ? "DateStyle"
        : name.Equals("timezone", StringComparison.OrdinalIgnoreCase) ? "TimeZone"
        : name.Equals("intervalstyle", StringComparison.OrdinalIgnoreCase) ? "IntervalStyle"
        : _values.Keys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name.ToLowerInvariant();

    /// <summary>The settings whose values change how values are sent: only PostgreSQL's defaults are produced here.</summary>
    private static void Validate(string name, string value)
    {
        var ok = name switch
        {
            "client_encoding" => value.Replace("-", string.Empty, StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase)
                || value.Equals("unicode", StringComparison.OrdinalIgnoreCase),
            "standard_conforming_strings" => value.Equals("on", StringComparison.OrdinalIgnoreCase),
            "bytea_output" => value.Equals("hex", StringComparison.OrdinalIgnoreCase),
            "IntervalStyle" => value.Equals("postgres", StringComparison.OrdinalIgnoreCase),
            "DateStyle" => value.Contains("ISO", StringComparison.OrdinalIgnoreCase),
            _ => true,
        };
        if (!ok)
        {
            throw new PgErrorException(SqlStates.InvalidParameterValue, $"invalid value for parameter \"{name}\": \"{value}\" (this server sends only {name} as PostgreSQL's default)");
        }
    }

    private static string VersionNumber(string version)
    {
        var parts = version.Split('.');
        var major = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minor = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        return (major * 10_000 + minor).ToString(CultureInfo.InvariantCulture);
    }
}
