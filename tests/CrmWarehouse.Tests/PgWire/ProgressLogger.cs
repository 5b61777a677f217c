using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>Server log lines of warning and above to the test output, so that a failing test shows why the server failed.</summary>
internal sealed class ProgressLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            TestContext.Progress.WriteLine($"[server {logLevel}] {formatter(state, exception)} {exception}");
        }
    }
}
