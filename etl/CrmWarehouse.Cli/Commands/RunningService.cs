using System.Data;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse;
using Microsoft.Extensions.Configuration;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// The crmw service (`crmw serve`, `crmw run`, `crmw demo`) that holds the warehouse, when it is up. DuckDB lets one
/// process at a time open a warehouse file, so while the service holds it, `crmw load` hands it the batch and
/// `crmw cube query` and `crmw sql` ask it over HTTP instead of opening the file (`--local` opens it),
/// signed in with the token the service leaves for the CLI of its host (<see cref="LocalServiceToken"/>).
/// </summary>
internal sealed class RunningService : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>How long an address that is only configured may take to answer /health: a service that just started (JIT, first connection).</summary>
    private static readonly TimeSpan FirstAnswerPatience = TimeSpan.FromSeconds(2);

    /// <summary>How long an address a service of this warehouse wrote (or the user named) may take: one under heavy load.</summary>
    private static readonly TimeSpan BusyServicePatience = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    private RunningService(HttpClient http) => _http = http;

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// The service that serves <paramref name="warehousePath"/>, else null (the caller then opens the file itself). Where
    /// to look: <paramref name="urls"/> when the user gave <c>--urls</c>; else where a service of this warehouse said it
    /// listens (<see cref="ServiceAddress"/>, which a <c>--urls</c> or port 0 of the service's own start is in), then the
    /// configured <c>Serving:Urls</c>. Each must answer /health within two seconds (thirty where a service of this
    /// warehouse wrote that it listens, or <paramref name="urls"/> names it) and name the same warehouse file. Nothing
    /// listening is refused at once; the time is for a service that just started and answers its first request (JIT,
    /// first connection) slowly, or one that readers keep busy. A service of another warehouse is passed over (and said so on stderr when
    /// <paramref name="sayWhenOther"/>: the user did not name a file, or named the URL).
    /// </summary>
    public static async Task<RunningService?> FindAsync(string warehousePath, string? urls, bool sayWhenOther, CancellationToken cancellationToken)
    {
        // Where a service of this warehouse said it listens, or the user said to look, a busy service (readers taking
        // every core) may answer /health slowly; passing it over would open the file it holds and fail on the lock.
        var written = urls is not null ? [.. Split(urls)] : ServiceAddress.Read(warehousePath);
        var candidates = urls is not null
            ? written
            : [.. written, .. Split((CrmwConfiguration.Build().GetSection("Serving").Get<ServingOptions>() ?? new ServingOptions()).Urls)];
        foreach (var url in candidates.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var patience = written.Contains(url, StringComparer.OrdinalIgnoreCase) ? BusyServicePatience : FirstAnswerPatience;
            if (!Uri.TryCreate(url.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var address))
            {
                continue;
            }

            if (await ProbeAsync(address, warehousePath, sayWhenOther || urls is not null, patience, cancellationToken).ConfigureAwait(false) is { } service)
            {
                return service;
            }
        }

        return null;
    }

    private static IEnumerable<string> Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<RunningService?> ProbeAsync(Uri address, string warehousePath, bool sayWhenOther, TimeSpan patience, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = address };
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(patience);
            using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), probe.Token).ConfigureAwait(false);
            if (health.IsSuccessStatusCode)
            {
                var answer = await health.Content.ReadFromJsonAsync<HealthAnswer>(Json, probe.Token).ConfigureAwait(false);
                if (answer?.Warehouse == WarehouseFile.Identity(warehousePath))
                {
                    // The service writes a token for the CLI of its host beside the warehouse (0600): whoever may read
                    // the warehouse file may ask the service, without typing a password.
                    if (LocalServiceToken.Read(warehousePath) is { } token)
                    {
                        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                    }
                    else
                    {
                        await Console.Error.WriteLineAsync($"crmw: the service at {address} holds {warehousePath} but its token file {LocalServiceToken.FileFor(warehousePath)} cannot be read here; run as the service's user.").ConfigureAwait(false);
                    }

                    return new RunningService(http);
                }

                if (sayWhenOther)
                {
                    await Console.Error.WriteLineAsync($"crmw: the service at {address} serves another warehouse; opening {warehousePath} here.").ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Nothing (or nothing of ours) listening there: the caller opens the file itself.
        }

        http.Dispose();
        return null;
    }

    /// <summary>GETs <paramref name="path"/> as JSON; a refusal or error of the service becomes its own message.</summary>
    public async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(await Answer(response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// POSTs <paramref name="body"/> and returns the answer as a table of DuckDB's text values, read from the JSON answer
    /// (its CSV download neutralises text that a spreadsheet would run as a formula, which a terminal must show as is).
    /// </summary>
    public async Task<DataTable> TableAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var answer = JsonDocument.Parse(await PostAsync(path, body, cancellationToken).ConfigureAwait(false));
        var table = new DataTable { Locale = CultureInfo.InvariantCulture };
        foreach (var column in answer.RootElement.GetProperty("columns").EnumerateArray())
        {
            var added = table.Columns.Add(column.GetProperty("name").GetString(), typeof(string));

            // A cube answer says what each column is and how to show it (see CubesApi).
            foreach (var property in new[] { "role", "format", "unit" })
            {
                if (column.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    added.ExtendedProperties[property] = value.GetString();
                }
            }
        }

        foreach (var row in answer.RootElement.GetProperty("rows").EnumerateArray())
        {
            table.Rows.Add(row.EnumerateArray().Select(value => value.ValueKind switch
            {
                JsonValueKind.Null => (object)DBNull.Value,
                JsonValueKind.String => value.GetString()!,
                _ => value.GetRawText(),
            }).ToArray());
        }

        return table;
    }

    /// <summary>The cube answer's columns as the service described them (role, format, unit).</summary>
    public static IReadOnlyList<CrmWarehouse.Cubes.Query.AnswerColumn> AnswerColumns(DataTable table) =>
        table.Columns.Cast<DataColumn>().Select(c => new CrmWarehouse.Cubes.Query.AnswerColumn(c.ColumnName,
            Enum.TryParse<CrmWarehouse.Cubes.Query.AnswerRole>(c.ExtendedProperties["role"] as string, ignoreCase: true, out var role) ? role : CrmWarehouse.Cubes.Query.AnswerRole.Level,
            c.ExtendedProperties["format"] as string, c.ExtendedProperties["unit"] as string, null)).ToList();

    /// <summary>POSTs <paramref name="body"/> as JSON; a refusal or error of the service becomes its own message.</summary>
    public async Task<string> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json, cancellationToken).ConfigureAwait(false);
        return await Answer(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> Answer(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return text;
        }

        var detail = text;
        try
        {
            using var problem = JsonDocument.Parse(text);
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            // Not a problem document: the text as it came.
        }

        throw new InvalidOperationException($"the service at {BaseAddress} answered {(int)response.StatusCode}: {detail}");
    }

    public void Dispose() => _http.Dispose();

    private sealed record HealthAnswer(string? Warehouse);
}
