using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWarehouse.Serving.Web;

/// <summary>
/// The web UI on the API's host and port: its files under <c>/ui/</c> (<c>/</c> redirects there; <c>/ui/api</c> is
/// the API reference page), the sign-in sessions' store and throttle (their endpoints are in Http/SessionApi.cs, beside
/// the sign-in middleware that reads the cookie), and the OpenAPI document at <c>/openapi/v1.json</c>. The pages call
/// the same API as any client, so the same roles, views, masking, gate, limits and audit apply.
/// </summary>
internal static class WebUi
{
    public const string Root = "/ui/";

    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddSingleton(_ => StaticAssets.FromAssembly());
        services.AddSingleton(provider => new WebSessions(provider.GetRequiredService<ServingContext>().Clock));
        services.AddSingleton(provider => new SignInThrottle(provider.GetRequiredService<ServingContext>().Clock));
        services.AddApiDocument();
        return services;
    }

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect(Root)).ExcludeFromDescription();
        app.MapMethods("/ui/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeAsync).ExcludeFromDescription();
        app.MapApiDocument();
        return app;
    }

    /// <summary>What anyone may fetch without signing in: health, the UI's files, the API's description, the sign-in form's POST.</summary>
    public static bool IsPublic(HttpRequest request)
    {
        var path = request.Path;
        return path.Equals("/health", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/", StringComparison.Ordinal)
            || path.Equals("/ui", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/ui", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
            || (path.Equals("/api/session", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method));
    }

    /// <summary>A file of wwwroot; any path that is not one (the page routes, <c>/ui/api</c>) gets the page itself.</summary>
    private static async Task ServeAsync(string? path, HttpContext http, StaticAssets assets)
    {
        if (!http.Request.Path.Value!.EndsWith('/') && string.IsNullOrEmpty(path))
        {
            http.Response.Redirect(Root);
            return;
        }

        // The page may load only its own scripts and styles and talk only to its own host.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!await assets.TryServeAsync(http, path ?? string.Empty).ConfigureAwait(false)
            && (Path.HasExtension(path) || !await assets.TryServeAsync(http, "index.html").ConfigureAwait(false)))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
