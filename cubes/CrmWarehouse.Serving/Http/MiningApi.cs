using CrmWarehouse.Warehouse.Marts;
using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.Star;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The mining marts over HTTP: <c>GET /api/mining/runs</c>, <c>/summary</c>, <c>/customers/{id}</c>, <c>/rules</c>,
/// <c>/offers/{id}</c>, <c>/segments</c>, <c>/alerts</c>, <c>/churn</c>, <c>/profitability</c>. <c>?asOf=yyyy-MM-dd</c> picks
/// the scored date (default: the latest published one). Every table is read through the signed-in role's views
/// (<see cref="RoleViews"/>), so names and account numbers come masked, and rows branch-filtered, exactly as that role's
/// SQL sees them; an endpoint over a relation the role does not see is a 403. Phones and ID numbers are not returned.
/// </summary>
internal static class MiningApi
{
    public static IEndpointRouteBuilder MapMiningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/mining");
        api.MapGet("/runs", (int? limit, HttpContext http, ServingContext context, CancellationToken ct) => Runs(http, context, Limit(limit, 50, context), ct));
        api.MapGet("/summary", (DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            from r in marts.Of<MiningRunRecord>()
            where r.AsOf == date && r.Status == RunStatus.Published
            orderby r.RunId descending
            select r.Headline, headlines => headlines.Take(1).SelectMany(h => h ?? []).OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => new { Figure = h.Key, h.Value })));
        api.MapGet("/customers/{id:long}", (long id, DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            from v in marts.Of<CustomerValue>()
            join c in marts.Of<DimCustomer>() on v.CustomerKey equals c.CustomerKey
            where v.AsOf == date && v.CustomerId == id
            select new { Scores = v, c.Name, c.Gender, c.AgeBand, c.Education, c.City, c.Segment, c.Tier },
            notFound: date => $"No customer {id} in the marts as of {date:yyyy-MM-dd}."));
        api.MapGet("/offers/{id:long}", (long id, DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            from o in marts.Of<NextBestOffer>()
            where o.AsOf == date && o.CustomerId == id
            orderby o.Rank
            select new { o.Rank, o.Offer, o.Confidence, o.Lift, o.Because }));
        api.MapGet("/rules", (DateOnly? asOf, int? limit, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            (from r in marts.Of<AssociationRule>()
             where r.AsOf == date
             orderby r.Lift descending, r.Confidence descending
             select new { r.RuleNo, r.Antecedent, r.Consequent, r.Support, r.Confidence, r.Lift, r.Customers }).Take(Limit(limit, 100, context))));
        api.MapGet("/segments", (DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            from s in marts.Of<Segment>()
            where s.AsOf == date
            orderby s.SegmentId
            select new { s.SegmentId, s.Customers, s.Share, s.Silhouette, s.Description, s.Means }));
        api.MapGet("/alerts", (DateOnly? asOf, string? rule, int? limit, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            (from a in marts.Of<Alert>()
             join d in marts.Of<DimAccount>() on a.AccountKey equals d.AccountKey
             where a.AsOf == date && (rule == null || a.Rule == rule)
             orderby a.AlertDate descending, a.AccountKey
             select new { a.AlertDate, a.Rule, a.AccountKey, d.AccountNumber, a.CustomerId, a.Reason, a.Score })
            .Take(Limit(limit, 100, context))));
        api.MapGet("/churn", (DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            from m in marts.Of<ChurnMonth>() where m.AsOf == date orderby m.Month select new { Month = m }));
        api.MapGet("/churn/model", (DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            from m in marts.Of<ChurnModel>() where m.AsOf == date select new { Model = m }));
        api.MapGet("/profitability", (DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken ct) => OnMarts(http, context, asOf, ct, (marts, date) =>
            from p in marts.Of<ParetoPoint>() where p.AsOf == date orderby p.CustomerShare select new { p.CustomerShare, p.ProfitShare }));
        return app;
    }

    private static int Limit(int? asked, int byDefault, ServingContext context) => Math.Clamp(asked ?? byDefault, 1, context.Options.Limits.MaxRows);

    private static Task<IResult> Runs(HttpContext http, ServingContext context, int limit, CancellationToken cancellationToken) =>
        context.RunAsync(http, RequestLogging.Route(http), async (principal, trace) =>
        {
            using var connection = context.Open(principal);
            using var snapshot = connection.BeginTransaction();
            using var data = WarehouseData.Over(connection, snapshot);
            var marts = new RoleTables(data, principal, trace);
            var latest = await LatestMined(marts, cancellationToken).ConfigureAwait(false);
            var runs = await (from r in marts.Of<MiningRunRecord>()
                              orderby r.RunId descending
                              select new { r.RunId, r.AsOf, r.BatchId, r.Trigger, r.Status, r.StartedAt, r.FinishedAt, Seconds = Seconds(r.StepSeconds), r.Error })
                .Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
            trace.Rows = runs.Count;
            return ResultTable.From(runs, context.Options.Limits, limit, null, "mining", json => WriteAsOf(json, latest));
        }, cancellationToken);

    /// <summary>The run's seconds over all steps, to the hundredth; null when no step finished.</summary>
    private static double? Seconds(Dictionary<string, double>? steps) => steps is { Count: > 0 } ? Math.Round(steps.Values.Sum(), 2) : null;

    /// <summary>Runs one query on the as-of date's marts in one snapshot; 404 when nothing has been mined for that date.</summary>
    private static Task<IResult> OnMarts<T>(HttpContext http, ServingContext context, DateOnly? asOf, CancellationToken cancellationToken,
        Func<RoleTables, DateOnly, IQueryable<T>> query, Func<DateOnly, string>? notFound = null) =>
        OnMarts(http, context, asOf, cancellationToken, query, rows => rows, notFound);

    /// <summary>As above, with <paramref name="shape"/> turning the rows read into the rows answered (in .NET).</summary>
    private static Task<IResult> OnMarts<T, TAnswer>(HttpContext http, ServingContext context, DateOnly? asOf, CancellationToken cancellationToken,
        Func<RoleTables, DateOnly, IQueryable<T>> query, Func<IEnumerable<T>, IEnumerable<TAnswer>> shape, Func<DateOnly, string>? notFound = null) =>
        context.RunAsync(http, RequestLogging.Route(http), async (principal, trace) =>
        {
            using var connection = context.Open(principal);
            using var snapshot = connection.BeginTransaction();
            using var data = WarehouseData.Over(connection, snapshot);
            var marts = new RoleTables(data, principal, trace);
            // The latest mined date is published by definition; a date asked for is checked (one query fewer by default).
            var date = asOf ?? await LatestMined(marts, cancellationToken).ConfigureAwait(false);
            if (date is not { } day || (asOf is not null && !await Published(marts).AnyAsync(r => r.AsOf == day, cancellationToken).ConfigureAwait(false)))
            {
                return TypedResults.Problem(
                    date is null ? "Nothing has been mined yet: run crmw mine all (or a load, which mines after publishing)." : $"No published mining run as of {date:yyyy-MM-dd}; GET /api/mining/runs lists the dates.",
                    statusCode: StatusCodes.Status404NotFound, title: "Not mined");
            }

            var limits = context.Options.Limits;
            var rows = shape(await query(marts, day).Take(limits.MaxRows + 1).ToListAsync(cancellationToken).ConfigureAwait(false)).ToList();
            trace.Rows = Math.Min(rows.Count, limits.MaxRows);
            return notFound is not null && rows.Count == 0
                ? TypedResults.Problem(notFound(day), statusCode: StatusCodes.Status404NotFound, title: "Not found")
                : ResultTable.From(rows, limits, limits.MaxRows, null, "mining", json => WriteAsOf(json, day));
        }, cancellationToken);

    private static IQueryable<MiningRunRecord> Published(RoleTables marts) =>
        marts.Of<MiningRunRecord>().Where(r => r.Status == RunStatus.Published);

    /// <summary>The latest date a published run scored; null before the first.</summary>
    private static Task<DateOnly?> LatestMined(RoleTables marts, CancellationToken cancellationToken) =>
        Published(marts).MaxAsync(r => (DateOnly?)r.AsOf, cancellationToken);

    private static void WriteAsOf(System.Text.Json.Utf8JsonWriter json, DateOnly? asOf) =>
        json.WriteString("asOf", asOf?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The marts and dimensions as the principal's role sees them: each table read from its view in the role's schema.</summary>
    private sealed class RoleTables(DataConnection data, Principal principal, QueryTrace trace)
    {
        public ITable<T> Of<T>() where T : class
        {
            var name = data.MappingSchema.GetEntityDescriptor(typeof(T)).Name.Name;
            if (!principal.Scope.HasView(name))
            {
                throw new AccessDeniedException($"Role {principal.Role.Name} does not see {name}, which this endpoint reads.");
            }

            trace.Relations = [.. trace.Relations.Append(principal.Role.ViewSchema + "." + name).Distinct()];
            return data.GetTable<T>().SchemaName(principal.Role.ViewSchema);
        }
    }
}
