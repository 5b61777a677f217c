namespace CrmWarehouse.Serving.Security;

/// <summary>
/// How many queries each user has running, so that one user (or one client address, before sign-in) cannot occupy
/// every DuckDB thread: past <see cref="ServingLimits.MaxConcurrentQueriesPerUser"/> a query is refused at once (429)
/// rather than queued, so a client that floods learns it straight away. A door keys its users as it knows them
/// (HTTP: <c>ServingContext.UserKey</c>).
/// </summary>
internal sealed class QuerySlots(int perUser)
{
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);

    /// <summary>Takes a slot for <paramref name="key"/> until the returned value is disposed; throws (429) when all are taken.</summary>
    public IDisposable Enter(string key)
    {
        lock (_running)
        {
            var running = _running.GetValueOrDefault(key);
            if (running >= perUser)
            {
                throw new LimitExceededException(
                    $"You already have {running} queries running, the most one user may; wait for one to finish.", 429);
            }

            _running[key] = running + 1;
        }

        return new Slot(this, key);
    }

    /// <summary>Queries running for <paramref name="key"/> now.</summary>
    public int Running(string key)
    {
        lock (_running)
        {
            return _running.GetValueOrDefault(key);
        }
    }

    private void Leave(string key)
    {
        lock (_running)
        {
            if (--_running[key] == 0)
            {
                _running.Remove(key);
            }
        }
    }

    private sealed class Slot(QuerySlots slots, string key) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                slots.Leave(key);
            }
        }
    }
}
