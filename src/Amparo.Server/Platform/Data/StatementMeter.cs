using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// Counts the database statements a request runs, and their time, for a <c>Server-Timing</c> header
/// (<c>db;dur=1.8;desc="3 statements"</c>) — switched on by <c>Diagnostics:ServerTiming</c>, off by default (it tells
/// how much work a request made). Browsers' developer tools show it; the tests that keep the request path lean read it.
/// Counted up to the moment the answer starts.
/// </summary>
internal sealed class StatementMeter
{
    private static readonly AsyncLocal<StatementMeter?> CurrentMeter = new();

    private int _count;
    private long _ticks;

    public static StatementMeter? Current => CurrentMeter.Value;

    public int Count => Volatile.Read(ref _count);

    public void Add(TimeSpan duration)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ticks, duration.Ticks);
    }

    public static async Task MeasureAsync(HttpContext context, Func<Task> next)
    {
        var meter = new StatementMeter();
        CurrentMeter.Value = meter;
        context.Response.OnStarting(() =>
        {
            var ms = TimeSpan.FromTicks(Interlocked.Read(ref meter._ticks)).TotalMilliseconds;
            context.Response.Headers.Append("Server-Timing",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"db;dur={ms:0.0};desc=\"{meter.Count} statements\""));
            return Task.CompletedTask;
        });
        try
        {
            await next();
        }
        finally
        {
            CurrentMeter.Value = null;
        }
    }
}

/// <summary>Feeds <see cref="StatementMeter.Current"/>; does nothing outside a measured request.</summary>
internal sealed class StatementMeterInterceptor : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        StatementMeter.Current?.Add(eventData.Duration);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        StatementMeter.Current?.Add(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        StatementMeter.Current?.Add(eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        StatementMeter.Current?.Add(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        StatementMeter.Current?.Add(eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        StatementMeter.Current?.Add(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => StatementMeter.Current?.Add(eventData.Duration);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        StatementMeter.Current?.Add(eventData.Duration);
        return Task.CompletedTask;
    }
}
