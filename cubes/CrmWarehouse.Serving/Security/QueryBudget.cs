using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The time one query may take, from the gate to the answer's last byte, and the client's presence: its token ends when
/// either runs out, and <see cref="Interrupt"/> makes DuckDB stop a command then (duckdb_interrupt), whatever phase it
/// is in. A query that ran out of time becomes a <see cref="TimeoutException"/> (408); one whose client left, an
/// <see cref="OperationCanceledException"/> that nobody answers.
/// </summary>
internal sealed class QueryBudget : IDisposable
{
    private readonly CancellationTokenSource _clock;
    private readonly CancellationTokenSource _either;
    private readonly CancellationToken _client;

    public QueryBudget(TimeSpan limit, CancellationToken client)
    {
        Limit = limit;
        _client = client;
        _clock = new CancellationTokenSource(limit);
        _either = CancellationTokenSource.CreateLinkedTokenSource(_clock.Token, client);
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token => _either.Token;

    /// <summary>True once the time ran out (and not because the client left first).</summary>
    public bool TimedOut => _clock.IsCancellationRequested && !_client.IsCancellationRequested;

    /// <summary>Interrupts <paramref name="command"/> when the budget ends, until the returned registration is disposed.</summary>
    public CancellationTokenRegistration Interrupt(DuckDBCommand command) =>
        Token.Register(static c => ((DuckDBCommand)c!).Cancel(), command);

    /// <summary>Runs <paramref name="work"/>, turning what the end of the budget caused into a <see cref="TimeoutException"/>.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> work)
    {
        try
        {
            await work(Token).ConfigureAwait(false);
        }
        catch (Exception e) when (TimedOut && Stopped(e))
        {
            throw new TimeoutException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The query took longer than its {Limit.TotalSeconds:0.#} s (checking, compiling, running and sending the answer) and was stopped."),
                e);
        }
    }

    private static bool Stopped(Exception e) =>
        e is OperationCanceledException or TimeoutException || e.DuckDbErrorType() == DuckDBErrorType.Interrupt;

    public void Dispose()
    {
        _either.Dispose();
        _clock.Dispose();
    }
}
