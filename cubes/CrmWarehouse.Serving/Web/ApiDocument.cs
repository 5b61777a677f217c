using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWarehouse.Serving.Web;

/// <summary>
/// The OpenAPI document of the HTTP API (<c>/openapi/v1.json</c>, made by Microsoft.AspNetCore.OpenApi from the
/// endpoints themselves), which the web UI's <c>/ui/api</c> page renders. Public: it describes the API, holds no data.
/// </summary>
internal static class ApiDocument
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CrmWarehouse HTTP API";
            document.Info.Description = "Cubes, read-only SQL, mining marts, loads and the web UI's session. Sign in with " +
                "Authorization: Bearer <token> (crmw user token NAME), HTTP Basic, or the web UI's session cookie (then send " +
                "X-CSRF-Token on POST/DELETE). Errors are application/problem+json.";
            return Task.CompletedTask;
        }));

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
