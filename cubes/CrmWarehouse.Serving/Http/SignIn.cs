using System.Net.Http.Headers;
using System.Text;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Web;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// Sign-in on every endpoint but the public ones (<c>/health</c>, the web UI's files, the OpenAPI document and the
/// sign-in form's <c>POST /api/session</c>): <c>Authorization: Bearer &lt;token&gt;</c> (an API token from
/// <c>crmw user token</c>, or the service's local token for the CLI) or HTTP Basic (the password checked against the
/// user's SCRAM verifier; a success is remembered for a minute so PBKDF2 is not paid on every request), both through
/// <see cref="ServingSecurity"/>, which audits every failure and throttles password guessing; or the web UI's session
/// cookie (<see cref="WebSessions"/>, started by <see cref="SessionApi"/> through the same password check), which on a
/// state-changing request must come with the session's CSRF token in <c>X-CSRF-Token</c> (else 403). No or wrong
/// credentials: a 401 problem saying what to do (that the token expired or was revoked, when it did) with the schemes
/// in <c>WWW-Authenticate</c>; too many failed passwords: a 429 with <c>Retry-After</c>. The principal is the request's
/// from then on.
/// </summary>
internal sealed class SignIn(RequestDelegate next, ServingContext serving, WebSessions sessions, IDiagnosticContext diagnostics)
{
    private const string PrincipalKey = "crmw.principal";
    private const string SignInTimeKey = "crmw.sign-in-ms";

    public async Task InvokeAsync(HttpContext context)
    {
        if (WebUi.IsPublic(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = serving.Clock.GetTimestamp();
        var result = context.Request.Headers.Authorization.Count > 0
            ? await AuthenticateAsync(context).ConfigureAwait(false)
            : new SignInResult(FromSession(context));
        context.Items[SignInTimeKey] = serving.Clock.GetElapsedTime(started).TotalMilliseconds;
        if (result.Principal is null && context.Items.ContainsKey(CsrfRefusedKey))
        {
            diagnostics.Set("Error", "CSRF token missing or wrong");
            await Results.Problem(
                $"A request that changes something, signed in by the web UI's cookie, must carry the session's token in {WebSessions.CsrfHeader} (GET /api/me gives it).",
                statusCode: StatusCodes.Status403Forbidden, title: "CSRF token missing").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (result.Throttled)
        {
            diagnostics.Set("Error", "Sign-in throttled");
            context.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(result.Failure, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (result.Principal is not { } principal)
        {
            diagnostics.Set("Error", "Not signed in");
            // Not Basic to the web UI's own requests: a browser answers that with its password dialog, over the page's sign-in form.
            context.Response.Headers.WWWAuthenticate = context.Request.Headers["X-Requested-With"] == "crmw-ui"
                ? new(["Bearer realm=\"crmw\""])
                : new(["Bearer realm=\"crmw\"", "Basic realm=\"crmw\", charset=\"UTF-8\""]);
            await Results.Problem(
                result.Failure ?? "Sign in: send Authorization: Bearer <token> (crmw user token NAME makes one) or HTTP Basic with a user's password.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Items[PrincipalKey] = principal;
        diagnostics.Set("User", principal.User);
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The principal the sign-in middleware set on the request.</summary>
    public static Principal Of(HttpContext context) =>
        context.Items.TryGetValue(PrincipalKey, out var principal) && principal is Principal signedIn
            ? signedIn
            : throw new InvalidOperationException("The request has no principal: the sign-in middleware did not run before this endpoint.");

    /// <summary>
    /// The session of the request's cookie, if live (its expiry slid and the cookie renewed). On anything but a safe
    /// method the CSRF header must equal the session's token, compared in constant time.
    /// </summary>
    private Principal? FromSession(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(WebSessions.Cookie, out var id) || string.IsNullOrEmpty(id) || sessions.Find(id) is not { } session)
        {
            return null;
        }

        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method)
            && !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(context.Request.Headers[WebSessions.CsrfHeader].ToString()), Encoding.UTF8.GetBytes(session.Csrf)))
        {
            context.Items[CsrfRefusedKey] = true;
            return null;
        }

        if (serving.Security.Users.Find(session.User) is not { } user || Principal.For(user, serving.Roles) is not { } principal)
        {
            sessions.End(id);
            return null;
        }

        SessionApi.SetCookie(context, id, session);
        context.Items[SessionKey] = session;
        return principal;
    }

    /// <summary>The web UI session the request was signed in by, if it was.</summary>
    public static WebSessions.Session? SessionOf(HttpContext context) => context.Items.TryGetValue(SessionKey, out var session) ? session as WebSessions.Session : null;

    private const string CsrfRefusedKey = "crmw.csrf-refused";

    private const string SessionKey = "crmw.session";


    /// <summary>How long the request's sign-in took, in milliseconds (for <see cref="QueryPhases"/>).</summary>
    public static double MillisecondsOf(HttpContext context) =>
        context.Items.TryGetValue(SignInTimeKey, out var milliseconds) && milliseconds is double value ? value : 0;

    /// <summary>The credentials of the Authorization header checked through the security model; no header is no sign-in (not audited).</summary>
    private async Task<SignInResult> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is not { Length: > 0 } credentials)
        {
            return new SignInResult(null);
        }

        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return serving.Security.SignInWithToken(QueryRecord.Http, credentials, address);
        }

        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return new SignInResult(null);
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credentials));
        }
        catch (FormatException)
        {
            return new SignInResult(null);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return new SignInResult(null);
        }

        // A remembered password is a hash lookup; a new one is a PBKDF2 (milliseconds): off the request's thread either way.
        var (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
        return await Task.Run(() => serving.Security.SignInWithPassword(QueryRecord.Http, user, password, address), context.RequestAborted).ConfigureAwait(false);
    }
}
