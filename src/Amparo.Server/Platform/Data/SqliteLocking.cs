using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// SQLite's locking set the way a server with concurrent requests needs it, once per physical connection (pooled
/// connections are opened again for every query; the pragmas are not re-sent then).
/// <list type="bullet">
/// <item>Write-ahead log: readers read the last committed state while a writer commits, instead of being refused.
/// With the rollback journal every read that met a commit got SQLITE_BUSY.</item>
/// <item>A busy timeout inside SQLite: a connection that meets a lock waits in SQLite's own handler, which retries
/// within a millisecond or two. Without it SQLite answers SQLITE_BUSY at once and Microsoft.Data.Sqlite retries only
/// after a 150 ms sleep: the ~155 ms tail every SQLite scenario of the bench showed (docs/performance.md).</item>
/// </list>
/// Writes stay safe under the log: EF's transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default), so no
/// transaction reads under one snapshot and then tries to write after another writer moved on.
/// </summary>
internal sealed class SqliteLockingInterceptor : DbConnectionInterceptor
{
    /// <summary>As long as a command may wait anyway (Microsoft.Data.Sqlite's default command timeout, 30 s).</summary>
    private const int BusyTimeoutMilliseconds = 30_000;

    private static readonly object Prepared = new();
    private readonly ConditionalWeakTable<object, object> _prepared = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    private void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite || sqlite.Handle is not { } handle || _prepared.TryGetValue(handle, out _)) return;
        using var command = sqlite.CreateCommand();
        // busy_timeout first: switching a fresh file to the log takes a lock another connection may hold.
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
        _prepared.AddOrUpdate(handle, Prepared);
    }
}
