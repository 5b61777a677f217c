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
/// <c>crmw user token</c>, or the service's local token for the CLI), HTTP Basic (the password checked against the
/// user's SCRAM verifier; a success is remembered for a minute so PBKDF2 is not paid on every request), or the web
/// UI's session cookie (<see cref="WebSessions"/>), which on a state-changing request must come with the session's CSRF
/// token in <c>X-CSRF-Token</c> (else 403). No or wrong credentials: a 401 problem with the schemes in
/// <c>WWW-Authenticate</c>. The principal is the request's from then on.
/// </summary>
internal sealed class SignIn(RequestDelegate next, ServingContext serving, PasswordChecks passwords, WebSessions sessions, IDiagnosticContext diagnostics)
{
    private const string PrincipalKey = "crmw.principal";

    public async Task InvokeAsync(HttpContext context)
    {
        if (WebUi.IsPublic(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var principal = context.Request.Headers.Authorization.Count > 0
            ? Authenticate(context.Request.Headers.Authorization.ToString())
            : FromSession(context);
        if (principal is null && context.Items.ContainsKey(CsrfRefusedKey))
        {
            diagnostics.Set("Error", "CSRF token missing or wrong");
            await Results.Problem(
                $"A request that changes something, signed in by the web UI's cookie, must carry the session's token in {WebSessions.CsrfHeader} (GET /api/me gives it).",
                statusCode: StatusCodes.Status403Forbidden, title: "CSRF token missing").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (principal is null)
        {
            diagnostics.Set("Error", "Not signed in");
            // Not Basic to the web UI's own requests: a browser answers that with its password dialog, over the page's sign-in form.
            context.Response.Headers.WWWAuthenticate = context.Request.Headers["X-Requested-With"] == "crmw-ui"
                ? new(["Bearer realm=\"crmw\""])
                : new(["Bearer realm=\"crmw\"", "Basic realm=\"crmw\", charset=\"UTF-8\""]);
            await Results.Problem(
                "Sign in: send Authorization: Bearer <token> (crmw user token NAME makes one) or HTTP Basic with a user's password.",
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

    /// <summary>
    /// The principal <paramref name="password"/> signs <paramref name="userName"/> in as, or null: the one password check
    /// of HTTP Basic and the web UI's sign-in form.
    /// </summary>
    public static Principal? WithPassword(ServingContext serving, PasswordChecks passwords, string userName, string password) =>
        serving.Security.Users.Find(userName) is { } user && passwords.Matches(user, password) ? Principal.For(user, serving.Roles) : null;

    private const string CsrfRefusedKey = "crmw.csrf-refused";

    private const string SessionKey = "crmw.session";

    private Principal? Authenticate(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is not { Length: > 0 } credentials)
        {
            return null;
        }

        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return serving.Security.SignInWithToken(credentials);
        }

        if (value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credentials));
            }
            catch (FormatException)
            {
                return null;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : WithPassword(serving, passwords, decoded[..colon], decoded[(colon + 1)..]);
        }

        return null;
    }
}
