using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse;
using Microsoft.Extensions.Configuration;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// `crmw user add | list | remove | token`: the users of a warehouse, kept beside it (warehouse.users.json, 0600) as
/// SCRAM verifiers and token hashes. Works while a service holds the warehouse: the service reads the file again on
/// its next sign-in. A password or token is printed once, to stdout, and never again.
/// </summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Adds, lists and removes the users who may sign in to the service, and makes their API tokens.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Token());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The user name (lower-case letters, digits, '_', '.', '-')." };
        var role = new Option<string>("--role") { Description = "The role (config/roles.json): admin, analyst, bi, branch_manager, auditor.", Required = true };
        var branches = new Option<string[]>("--branch") { Description = "A branch code whose rows the user sees (branch_manager; repeat for more).", AllowMultipleArgumentsPerToken = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin (else one is made and printed once)." };
        var database = CliOptions.Database();
        var add = new Command("add", "Adds a user with a role (and branches).") { name, role, branches, passwordStdin, database };
        add.SetAction(async (parse, _) => await CliBoundary.RunAsync("user add", () =>
        {
            var declared = RoleCatalog.Load(CrmwPaths.Roles).Get(parse.GetValue(role)!);
            var password = parse.GetValue(passwordStdin) ? Console.In.ReadLine() ?? string.Empty : null;
            var users = UserDirectory.ForWarehouse(parse.GetValue(database)!);
            var user = parse.GetValue(name)!;
            var used = users.Add(user, declared, parse.GetValue(branches) ?? [], password);
            Console.Error.WriteLine($"user {user} added with role {declared.Name} ({users.FilePath})");
            if (password is null)
            {
                Console.Error.WriteLine("its password, shown this once:");
                Console.WriteLine(used);
            }

            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return add;
    }

    private static Command List()
    {
        var database = CliOptions.Database();
        var list = new Command("list", "Lists the users with their roles and branches, and their tokens with expiry and last use (no secrets).") { database };
        list.SetAction(async (parse, _) => await CliBoundary.RunAsync("user list", () =>
        {
            var users = UserDirectory.ForWarehouse(parse.GetValue(database)!);
            var now = TimeProvider.System.GetUtcNow();
            Console.WriteLine($"{"user",-20} {"role",-15} {"branches",-20} created");
            foreach (var (user, tokens) in users.List())
            {
                Console.WriteLine($"{user.Name,-20} {user.Role,-15} {string.Join(',', user.Branches),-20} {Time(user.Created)}");
                foreach (var token in tokens)
                {
                    var state = token.Revoked is { } revoked ? $"revoked {Time(revoked)}"
                        : token.Expires is { } expires ? (expires <= now ? $"expired {Time(expires)}" : $"expires {Time(expires)}")
                        : "never expires";
                    Console.WriteLine($"  token {token.Id}  made {Time(token.Created)}  {state,-28}  last used {(token.LastUsed is { } used ? Time(used) : "never")}");
                }
            }

            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return list;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The user to remove, with their tokens." };
        var database = CliOptions.Database();
        var remove = new Command("remove", "Removes a user and their tokens.") { name, database };
        remove.SetAction(async (parse, _) => await CliBoundary.RunAsync("user remove", () =>
        {
            var user = parse.GetValue(name)!;
            if (!UserDirectory.ForWarehouse(parse.GetValue(database)!).Remove(user))
            {
                Console.Error.WriteLine($"crmw user remove: there is no user {user} (crmw user list shows them).");
                return Task.FromResult(1);
            }

            Console.Error.WriteLine($"user {user} removed");
            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return remove;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static Command Token()
    {
        var name = new Argument<string>("name") { Description = "The user the token signs in as." };
        var revoke = new Option<string?>("--revoke") { Description = "Revoke the token with this id (the 10 hex digits after crmw_) instead of making one." };
        var expires = new Option<string?>("--expires") { Description = "How long the token signs in: 12h, 30d, 8w or never (default: Serving:TokenExpiry in config, 90d)." };
        var database = CliOptions.Database();
        var token = new Command("token", "Makes an API token for a user (Authorization: Bearer <token>), printed this once; --revoke ID revokes one.") { name, revoke, expires, database };
        token.SetAction(async (parse, _) => await CliBoundary.RunAsync("user token", () =>
        {
            var users = UserDirectory.ForWarehouse(parse.GetValue(database)!);
            if (parse.GetValue(revoke) is { } id)
            {
                var revoked = users.RevokeToken(parse.GetValue(name)!, id);
                Console.Error.WriteLine(revoked ? $"token {id} revoked" : $"crmw user token: {parse.GetValue(name)} holds no token {id}.");
                return Task.FromResult(revoked ? 0 : 1);
            }

            var configured = CrmwConfiguration.Build().GetSection("Serving").Get<ServingOptions>()?.TokenExpiry ?? new ServingOptions().TokenExpiry;
            var lifetime = TokenLifetime.Parse(parse.GetValue(expires) ?? configured);
            Console.WriteLine(users.IssueToken(parse.GetValue(name)!, lifetime));
            Console.Error.WriteLine(lifetime is { } span ? $"it signs in until {Time(TimeProvider.System.GetUtcNow() + span)}" : "it signs in until revoked (crmw user token NAME --revoke ID)");
            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return token;
    }
}
