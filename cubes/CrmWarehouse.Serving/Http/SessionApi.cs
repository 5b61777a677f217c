using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The web UI's sign-in: <c>POST /api/session</c> (user and password → the session cookie and the CSRF token),
/// <c>DELETE /api/session</c> (signs out), <c>GET /api/me</c> (who is signed in and what their role may do, for the
/// pages to show; the API enforces it whatever the page shows).
/// </summary>
internal static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session", SignInAsync);
        app.MapDelete("/api/session", SignOut);
        app.MapGet("/api/me", Me);
        return app;
    }

    /// <summary>The body of <c>POST /api/session</c>.</summary>
    public sealed record Credentials(string? User, string? Password);

    /// <summary>
    /// Checks the password through the security model as HTTP Basic does (<see cref="ServingSecurity.SignInWithPassword"/>:
    /// door <c>web</c>, every failure audited, guessing throttled per user name and address: 429 with Retry-After); a
    /// success starts a session and sets its cookie.
    /// </summary>
    public static async Task<IResult> SignInAsync(Credentials credentials, HttpContext http, ServingContext serving, WebSessions sessions)
    {
        var user = credentials.User?.Trim() ?? string.Empty;
        if (user.Length == 0 || string.IsNullOrEmpty(credentials.Password))
        {
            return TypedResults.Problem("Give a user name and a password.", statusCode: StatusCodes.Status400BadRequest, title: "Sign-in incomplete");
        }

        // PBKDF2 over the verifier's iterations: off the request thread.
        var address = http.Connection.RemoteIpAddress?.ToString();
        var result = await Task.Run(() => serving.Security.SignInWithPassword(QueryRecord.Web, user, credentials.Password, address), http.RequestAborted).ConfigureAwait(false);
        if (result.Throttled)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(result.Failure, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins");
        }

        if (result.Principal is not { } principal)
        {
            return TypedResults.Problem(result.Failure ?? ServingSecurity.WrongPassword, statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
        }

        var (id, session) = sessions.Start(principal.User);
        SetCookie(http, id, session);
        return TypedResults.Ok(Describe(principal, session));
    }

    public static IResult SignOut(HttpContext http, WebSessions sessions)
    {
        if (http.Request.Cookies.TryGetValue(WebSessions.Cookie, out var id) && !string.IsNullOrEmpty(id))
        {
            sessions.End(id);
        }

        http.Response.Cookies.Delete(WebSessions.Cookie, CookieOptions(http, expires: null));
        return TypedResults.NoContent();
    }

    public static IResult Me(HttpContext http) => TypedResults.Ok(Describe(SignIn.Of(http), SignIn.SessionOf(http)));

    /// <summary>The session cookie: HttpOnly, SameSite=Strict, Secure under https, expiring with the session.</summary>
    public static void SetCookie(HttpContext http, string id, WebSessions.Session session) =>
        http.Response.Cookies.Append(WebSessions.Cookie, id, CookieOptions(http, WebSessions.ExpiresAt(session)));

    private static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private static object Describe(Principal principal, WebSessions.Session? session) => new
    {
        principal.User,
        Role = principal.Role.Name,
        RoleDescription = principal.Role.Description,
        principal.Branches,
        Capabilities = Capabilities.Of(principal.Role),
        Csrf = session?.Csrf,
    };
}
