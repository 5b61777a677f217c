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
    /// Checks the password as HTTP Basic does (<see cref="SignIn.WithPassword"/>), throttled per user name and client
    /// address (<see cref="SignInThrottle"/>: 429 with Retry-After); a success starts a session and sets its cookie.
    /// </summary>
    public static async Task<IResult> SignInAsync(Credentials credentials, HttpContext http, ServingContext serving, PasswordChecks passwords, WebSessions sessions, SignInThrottle throttle)
    {
        var user = credentials.User?.Trim() ?? string.Empty;
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (user.Length == 0 || string.IsNullOrEmpty(credentials.Password))
        {
            return TypedResults.Problem("Give a user name and a password.", statusCode: StatusCodes.Status400BadRequest, title: "Sign-in incomplete");
        }

        if (throttle.Wait(user, address) is var wait && wait > TimeSpan.Zero)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem($"Too many failed sign-ins; try again in {Math.Ceiling(wait.TotalSeconds):0} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts");
        }

        // PBKDF2 over the verifier's iterations: off the request thread.
        var principal = await Task.Run(() => SignIn.WithPassword(serving, passwords, user, credentials.Password), http.RequestAborted).ConfigureAwait(false);
        if (principal is null)
        {
            throttle.Failed(user, address);
            return TypedResults.Problem("The user name or the password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
        }

        throttle.Succeeded(user, address);
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
