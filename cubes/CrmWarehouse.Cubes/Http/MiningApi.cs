using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Cubes.Http;

/// <summary>
/// The mining marts over HTTP: <c>GET /api/mining/runs</c>, <c>/summary</c>, <c>/customers/{id}</c>, <c>/rules</c>,
/// <c>/offers/{id}</c>, <c>/segments</c>, <c>/alerts</c>, <c>/churn</c>, <c>/profitability</c>. <c>?asOf=yyyy-MM-dd</c> picks
/// the scored date (default: the latest published one). Personal data never leaves unmasked: a name shows its first
/// character only, an account number its first four and last four digits; phones and ID numbers are not returned.
/// </summary>
internal static class MiningApi
{
    /// <summary>SQL expressions that mask personal data inside DuckDB, so the clear values never reach .NET.</summary>
    private const string MaskedName = "CASE WHEN c.name IS NULL THEN NULL ELSE left(c.name, 1) || repeat('*', greatest(length(c.name) - 1, 1)) END";

    private const string MaskedAccount = "left(d.account_number, 4) || repeat('*', greatest(length(d.account_number) - 8, 0)) || right(d.account_number, 4)";

    public static IEndpointRouteBuilder MapMiningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/mining");
        api.MapGet("/runs", (int? limit, ServingContext context, CancellationToken ct) => Query(context, null, """
            SELECT run_id, as_of, batch_id, trigger, status, started_at, finished_at,
                   round(list_sum(map_values(step_seconds)), 2) AS seconds, error
            FROM mart.mining_run ORDER BY run_id DESC LIMIT $limit
            """, ct, ("limit", Math.Clamp(limit ?? 50, 1, context.Options.MaxRows))));
        api.MapGet("/summary", (DateOnly? asOf, ServingContext context, CancellationToken ct) => Query(context, asOf, """
            SELECT unnest(map_keys(headline)) AS figure, unnest(map_values(headline)) AS value
            FROM (SELECT headline FROM mart.mining_run WHERE as_of = $as_of AND status = 'published' ORDER BY run_id DESC LIMIT 1)
            ORDER BY figure
            """, ct));
        api.MapGet("/customers/{id:long}", (long id, DateOnly? asOf, ServingContext context, CancellationToken ct) => Customer(context, id, asOf, ct));
        api.MapGet("/offers/{id:long}", (long id, DateOnly? asOf, ServingContext context, CancellationToken ct) => Query(context, asOf,
            "SELECT rank, offer, confidence, lift, because FROM mart.next_best_offer WHERE as_of = $as_of AND customer_id = $customer ORDER BY rank", ct, ("customer", id)));
        api.MapGet("/rules", (DateOnly? asOf, int? limit, ServingContext context, CancellationToken ct) => Query(context, asOf, """
            SELECT rule_no, antecedent, consequent, support, confidence, lift, customers FROM mart.association_rules
            WHERE as_of = $as_of ORDER BY lift DESC, confidence DESC LIMIT $limit
            """, ct, ("limit", Math.Clamp(limit ?? 100, 1, context.Options.MaxRows))));
        api.MapGet("/segments", (DateOnly? asOf, ServingContext context, CancellationToken ct) => Query(context, asOf,
            "SELECT segment_id, customers, share, silhouette, description, means FROM mart.segments WHERE as_of = $as_of ORDER BY segment_id", ct));
        api.MapGet("/alerts", (DateOnly? asOf, string? rule, int? limit, ServingContext context, CancellationToken ct) => Query(context, asOf, $"""
            SELECT a.alert_date, a.rule, a.account_key, {MaskedAccount} AS account_number, a.customer_id, a.reason, a.score
            FROM mart.alerts a JOIN dw.dim_account d USING (account_key)
            WHERE a.as_of = $as_of AND ($rule IS NULL OR a.rule = $rule)
            ORDER BY a.alert_date DESC, a.account_key LIMIT $limit
            """, ct, ("rule", rule), ("limit", Math.Clamp(limit ?? 100, 1, context.Options.MaxRows))));
        api.MapGet("/churn", (DateOnly? asOf, ServingContext context, CancellationToken ct) => Query(context, asOf,
            "SELECT * EXCLUDE (as_of) FROM mart.churn_month WHERE as_of = $as_of ORDER BY month", ct));
        api.MapGet("/churn/model", (DateOnly? asOf, ServingContext context, CancellationToken ct) => Query(context, asOf,
            "SELECT * EXCLUDE (as_of) FROM mart.churn_model WHERE as_of = $as_of", ct));
        api.MapGet("/profitability", (DateOnly? asOf, ServingContext context, CancellationToken ct) => Query(context, asOf,
            "SELECT customer_share, profit_share FROM mart.pareto_curve WHERE as_of = $as_of ORDER BY customer_share", ct));
        return app;
    }

    private static Task<IResult> Customer(ServingContext context, long id, DateOnly? asOf, CancellationToken cancellationToken) =>
        Query(context, asOf, $"""
            SELECT v.* EXCLUDE (as_of), {MaskedName} AS name, c.gender, c.age_band, c.education, c.city, c.segment, c.tier
            FROM mart.customer_value v JOIN dw.dim_customer c ON c.customer_key = v.customer_key
            WHERE v.as_of = $as_of AND v.customer_id = $id
            """, cancellationToken, ("id", id));

    /// <summary>Runs one query on the as-of date's marts; 404 when nothing has been mined for that date.</summary>
    private static async Task<IResult> Query(ServingContext context, DateOnly? asOf, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await Task.Run(() =>
        {
            using var connection = context.Open();
            using var snapshot = connection.BeginTransaction();
            var date = asOf ?? Latest(connection, cancellationToken);
            if (sql.Contains("$as_of", StringComparison.Ordinal))
            {
                if (date is null || connection.Count("SELECT count(*) FROM mart.mining_run WHERE as_of = $as_of AND status = 'published'", cancellationToken, ("as_of", date)) == 0)
                {
                    return TypedResults.Problem(
                        date is null ? "Nothing has been mined yet: run crmw mine all (or a load, which mines after publishing)." : $"No published mining run as of {date:yyyy-MM-dd}; GET /api/mining/runs lists the dates.",
                        statusCode: StatusCodes.Status404NotFound, title: "Not mined");
                }

                parameters = [.. parameters, ("as_of", date)];
            }

            using var reader = connection.Reader(sql, cancellationToken, parameters);
            var table = ResultTable.Read(reader, context.Options.MaxRows);
            return sql.Contains("$id", StringComparison.Ordinal) && table.Rows.Count == 0
                ? TypedResults.Problem($"No customer {parameters.First(p => p.Name == "id").Value} in the marts as of {date:yyyy-MM-dd}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
                : table.ToResult(null, "mining", json => json.WriteString("asOf", date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }, cancellationToken).ConfigureAwait(false);

    private static DateOnly? Latest(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var reader = connection.Reader("SELECT max(as_of) FROM mart.mining_run WHERE status = 'published'", cancellationToken);
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetFieldValue<DateOnly>(0) : null;
    }
}
