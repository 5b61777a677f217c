using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The marts' summaries the dashboards show and neither a cube nor another mining endpoint answers:
/// <c>GET /api/mining/figures/{name}?asOf=</c>, each the table the named <c>crmw mine</c> step prints (same SQL, over
/// the caller's role views, so a branch manager's figures cover its branches and a role without the mart is refused).
/// </summary>
internal static class FiguresApi
{
    /// <summary>Figure → the views its SQL (<c>figure_{name}.sql</c>) reads.</summary>
    private static readonly Dictionary<string, string[]> Figures = new(StringComparer.Ordinal)
    {
        ["loyalty"] = ["customer_value"],
        ["value_tiers"] = ["customer_value"],
        ["risk_bands"] = ["customer_value"],
        ["contribution"] = ["contribution"],
        ["rfm_migration"] = ["rfm_migration"],
        ["offers"] = ["next_best_offer"],
        ["alert_rules"] = ["mining_run", "alerts", "fact_transaction"],
    };

    public static IEndpointRouteBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/mining/figures/{name}", Figure);
        return app;
    }

    private static Task<IResult> Figure(string name, DateOnly? asOf, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, RequestLogging.Route(http), (principal, trace) =>
        {
            if (!Figures.TryGetValue(name, out var views))
            {
                return TypedResults.Problem($"No figure '{name}'; there are: {string.Join(", ", Figures.Keys)}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            using var connection = context.Open(principal);
            using var snapshot = connection.BeginTransaction();
            var rows = new ViewRows(connection, principal, trace, context.Options.Limits.MaxRows);
            rows.Require($"the figure {name}", ["mining_run", .. views]);
            var date = asOf ?? rows.One("figure_as_of", ["mining_run"], cancellationToken)?["as_of"] switch
            {
                string text => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                _ => (DateOnly?)null,
            };
            if (date is null)
            {
                return TypedResults.Problem("Nothing has been mined yet: run crmw mine all (or a load, which mines after publishing).", statusCode: StatusCodes.Status404NotFound, title: "Not mined");
            }

            var figure = rows.Read("figure_" + name, views, cancellationToken, ("as_of", date.Value));
            return TypedResults.Ok(new { figure = name, asOf = date.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), rows = figure });
        }, cancellationToken);
}
