using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace CrmWarehouse.Cli.Bench;

/// <summary>A failure one reader (or a load, or the service) met: when (since the soak began), where, what.</summary>
internal sealed record SoakError(TimeSpan At, string Door, string Message)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At:hh\\:mm\\:ss\\.f} {Door}: {Message}");
}

/// <summary>A user the soak signs in as: a token for HTTP, a password for the PostgreSQL wire (SCRAM).</summary>
internal sealed record SoakUser(string Name, string Password, string Token)
{
    public HttpClient Http(Uri service)
    {
        var client = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public string PgWire(int port) =>
        $"Host=127.0.0.1;Port={port};Username={Name};Password={Password};Database=warehouse;SSL Mode=Disable;Timeout=60;Command Timeout=120;Server Compatibility Mode=NoTypeLoading";
}

/// <summary>
/// The soak's readers: each asks its door's question (<see cref="SoakDoor.ForReader"/>) again as soon as it has the
/// answer, signed in as its user (four readers a user: the service's per-user query slots), until stopped. Every
/// answer and every error is kept with its time; an error does not stop the reader.
/// </summary>
internal sealed class SoakReaders(Uri service, int pgPort, IReadOnlyList<SoakUser> users, int readers, Stopwatch clock)
{
    /// <summary>Pause after an error, so that a reader facing a down service does not spin.</summary>
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(200);

    private readonly int[] _completed = new int[readers];

    public ConcurrentQueue<SoakAnswer> Answers { get; } = new();

    public ConcurrentQueue<SoakError> Errors { get; } = new();

    /// <summary>Questions each reader has had answered (or failed) so far.</summary>
    public int[] Completed() => [.. Enumerable.Range(0, readers).Select(i => Volatile.Read(ref _completed[i]))];

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, readers).Select(reader => Task.Run(() => ReadAsync(reader, stop), CancellationToken.None)));

    private async Task ReadAsync(int reader, CancellationToken stop)
    {
        var door = SoakDoor.ForReader(reader);
        var user = users[reader / 4];
        using var http = user.Http(service);
        var pg = user.PgWire(pgPort);
        while (!stop.IsCancellationRequested)
        {
            var started = clock.Elapsed;
            try
            {
                var signature = await SoakQueries.AskAsync(door, http, pg, stop).ConfigureAwait(false);
                Answers.Enqueue(new SoakAnswer(started, door, signature, (clock.Elapsed - started).TotalMilliseconds));
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Stopped in the middle of a question: the soak is over, not a failure.
                return;
            }
            catch (Exception e)
            {
                Errors.Enqueue(new SoakError(started, door, Describe(e)));
                await Task.Delay(ErrorPause, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Increment(ref _completed[reader]);
            }
        }
    }

    /// <summary>The exception's own message and its inner one's (Npgsql puts the server's words inside), on one line.</summary>
    internal static string Describe(Exception e)
    {
        var text = e.InnerException is { } inner ? $"{e.GetType().Name}: {e.Message} ({inner.Message})" : $"{e.GetType().Name}: {e.Message}";
        text = text.ReplaceLineEndings(" ");
        return text.Length > 400 ? text[..400] + "…" : text;
    }
}
