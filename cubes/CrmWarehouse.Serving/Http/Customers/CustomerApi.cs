using CrmWarehouse.Serving.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The customer 360 over HTTP: <c>GET /api/customers?q=</c> finds golden customers (by id for every role that sees
/// customers; by name or resident ID number only for a role that sees personal data in clear), and
/// <c>GET /api/customers/{id}</c> answers with the customer, the source records merged into it with the match's
/// explanation, accounts, month-end balances, scores and offers. Everything is read through the caller's role views,
/// so it comes masked and branch-filtered as that role's SQL would see it; a role without customer rows (bi, auditor)
/// is refused.
/// </summary>
internal static class CustomerApi
{
    private const int MostFound = 20;

    private static readonly string[] Customers = ["dim_customer"];

    public static IEndpointRouteBuilder MapCustomerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/customers", Find);
        app.MapGet("/api/customers/{id:long}", Show);
        return app;
    }

    private static Task<IResult> Find(string? q, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, RequestLogging.Route(http), (principal, trace) =>
        {
            var text = q?.Trim() ?? string.Empty;
            if (text.Length == 0)
            {
                return TypedResults.Problem("Say whom to find: ?q= a customer id, or for roles that see personal data a name or resident ID number.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Nothing to find");
            }

            var byId = long.TryParse(text, out _);
            if (!byId && !principal.Role.PersonalDataInClear)
            {
                throw new AccessDeniedException(
                    $"Role {principal.Role.Name} sees personal data masked, so it finds customers by id only; searching by name or ID number needs a role that sees them in clear.");
            }

            using var connection = context.Open(principal);
            var rows = new ViewRows(connection, principal, trace, MostFound);
            var found = rows.Read("customer_find", Customers, cancellationToken,
                ("q", text), ("personal", principal.Role.PersonalDataInClear), ("limit", MostFound));
            return TypedResults.Ok(new { query = text, personalSearch = principal.Role.PersonalDataInClear, customers = found });
        }, cancellationToken);

    private static Task<IResult> Show(long id, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, RequestLogging.Route(http), (principal, trace) =>
        {
            using var connection = context.Open(principal);
            using var snapshot = connection.BeginTransaction();
            var rows = new ViewRows(connection, principal, trace, context.Options.Limits.MaxRows);
            var customer = rows.One("customer_current", Customers, cancellationToken, ("id", id));
            if (customer is null)
            {
                return TypedResults.Problem($"No customer {id} among those role {principal.Role.Name} sees.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            // Sections over views the role lacks are left out (null), not refused: an analyst sees the evidence but
            // not the raw source records behind it.
            (string, object?) Id() => ("id", id);
            var records = rows.Sees("link_evidence", "customer_source_record")
                ? rows.Read("customer_records", ["link_evidence", "customer_source_record"], cancellationToken, Id())
                : rows.Sees("link_evidence") ? rows.Read("customer_evidence", ["link_evidence"], cancellationToken, Id()) : null;
            return TypedResults.Ok(new
            {
                personalData = principal.Role.PersonalDataInClear ? "clear" : "masked",
                customer,
                records,
                accounts = rows.Sees("dim_account", "dim_product", "dim_branch") ? rows.Read("customer_accounts", ["dim_account", "dim_product", "dim_branch"], cancellationToken, Id()) : null,
                balances = rows.Sees("fact_balance_month", "dim_date", "dim_product") ? rows.Read("customer_balances", ["fact_balance_month", "dim_date", "dim_product"], cancellationToken, Id()) : null,
                scores = rows.Sees("customer_value", "mining_run") ? rows.One("customer_scores", ["customer_value", "mining_run"], cancellationToken, Id()) : null,
                offers = rows.Sees("next_best_offer", "mining_run") ? rows.Read("customer_offers", ["next_best_offer", "mining_run"], cancellationToken, Id()) : null,
            });
        }, cancellationToken);
}
