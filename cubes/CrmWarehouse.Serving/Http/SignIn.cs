using System.Net.Http.Headers;
using System.Text;
using CrmWarehouse.Serving.Security;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// Sign-in on every endpoint but <c>/health</c>: <c>Authorization: Bearer &lt;token&gt;</c> (an API token from
/// <c>crmw user token</c>, or the service's local token for the CLI) or HTTP Basic (the password checked against the
/// user's SCRAM verifier; a success is remembered for a minute so PBKDF2 is not paid on every request). No or wrong
/// credentials: a 401 problem with the schemes in <c>WWW-Authenticate</c>. The principal is the request's from then on.
/// </summary>
internal sealed class SignIn(RequestDelegate next, ServingContext serving, PasswordChecks passwords, IDiagnosticContext diagnostics)
{
    private const string PrincipalKey = "crmw.principal";
    private const string SignInTimeKey = "crmw.sign-in-ms";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = serving.Clock.GetTimestamp();
        var principal = Authenticate(context.Request.Headers.Authorization.ToString());
        context.Items[SignInTimeKey] = serving.Clock.GetElapsedTime(started).TotalMilliseconds;
        if (principal is null)
        {
            diagnostics.Set("Error", "Not signed in");
            context.Response.Headers.WWWAuthenticate = new(["Bearer realm=\"crmw\"", "Basic realm=\"crmw\", charset=\"UTF-8\""]);
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

    /// <summary>How long the request's sign-in took, in milliseconds (for <see cref="QueryPhases"/>).</summary>
    public static double MillisecondsOf(HttpContext context) =>
        context.Items.TryGetValue(SignInTimeKey, out var milliseconds) && milliseconds is double value ? value : 0;

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
            if (colon <= 0 || serving.Security.Users.Find(decoded[..colon]) is not { } user)
            {
                return null;
            }

            return passwords.Matches(user, decoded[(colon + 1)..]) ? Principal.For(user, serving.Roles) : null;
        }

        return null;
    }
}
