using System.Data.Common;
using System.Net.Sockets;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// How often and how patiently a source is retried when it cannot be reached: the delay doubles after each
/// failed attempt. Only failures that a later attempt might not meet (network, server, I/O) are retried.
/// </summary>
public sealed record RetryPolicy(int Attempts, TimeSpan FirstDelay)
{
    public static RetryPolicy Default { get; } = new(4, TimeSpan.FromSeconds(2));

    public async Task<T> RunAsync<T>(Func<Task<T>> action, Action<int, Exception, TimeSpan> onRetry, TimeProvider clock, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < Attempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                onRetry(attempt, e, delay);
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    public static bool IsTransient(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => false,
        DbException or SocketException or IOException or TimeoutException => true,
        _ => e.InnerException is not null && IsTransient(e.InnerException),
    };
}
