using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Amparo.Server.Tests;

/// <summary>A PostgreSQL server whose statements may run two seconds, so a test can make one run longer.</summary>
public sealed class ShortStatementsPostgresServer : PostgresServer
{
    /// <summary>The server's own database, for a test that works beside the server.</summary>
    public string Database => ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:StatementTimeoutSeconds", "2");
    }
}

/// <summary>
/// Amparo's own PostgreSQL session settings (issue 16 item 5): JIT off and a statement timeout, sent with every
/// connection; a statement stopped by the timeout answers 503 in the error envelope, never a 500, and frees the request.
/// </summary>
public sealed class DatabaseSettingsTests(ShortStatementsPostgresServer server) : ServerTests(server), IClassFixture<ShortStatementsPostgresServer>
{
    [Fact]
    public async Task AServerConnection_HasJitAndParallelWorkersOff_AndTheConfiguredStatementTimeout()
    {
        // The connection string the server builds from its configuration, opened: PostgreSQL applies both to the session.
        var connection = Amparo.Server.Platform.Data.DataSetup.PostgresSessionSettings(server.Database,
            new Amparo.Server.Platform.Data.DatabaseOptions { StatementTimeoutSeconds = 2 });
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var show = new NpgsqlCommand("SELECT current_setting('jit'), current_setting('statement_timeout'), current_setting('max_parallel_workers_per_gather')", db);
        await using var reader = await show.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("off", reader.GetString(0));
        Assert.Equal("2s", reader.GetString(1));
        Assert.Equal("0", reader.GetString(2));
    }

    [Fact]
    public async Task AListWaitingPastTheStatementTimeout_Answers503InTheEnvelope_AndTheNextRequestIsServed()
    {
        // EF Core logs the stopped statement as an error, as an operator should see it; the answer is still the client's 503.
        server.ExpectErrors("Failed executing DbCommand");
        server.ExpectErrors("An exception occurred while iterating over the results of a query");
        var admin = server.AsAdmin();
        await (await admin.GetAsync("/api/v2/cases?per=1")).OkBodyAsync();

        // Another session holds the records table: the list's count waits for it until the timeout stops it.
        await using (var other = new NpgsqlConnection(server.Database))
        {
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE records IN ACCESS EXCLUSIVE MODE", other, transaction))
                await lockTable.ExecuteNonQueryAsync();

            var response = await admin.GetAsync("/api/v2/cases?per=1");
            var error = await response.ErrorAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("took longer than allowed", error["message"].Str(), StringComparison.Ordinal);
            await transaction.RollbackAsync();
        }

        await (await admin.GetAsync("/api/v2/cases?per=1")).OkBodyAsync();
    }
}

/// <summary>
/// SQLite's locking as a server with concurrent requests needs it (issue 16 item 5, "the fast paths checked on SQLite"):
/// the write-ahead log, so a commit never turns readers away, and SQLite's own busy wait, so a connection that meets a
/// lock is not put to sleep for 150 ms by Microsoft.Data.Sqlite's retry. (Every API call commits its audit event, so
/// no request can be shown to pass a writer's lock: the bench shows the effect, docs/performance.md.)
/// </summary>
public sealed class SqliteLockingTests(SqliteServer server) : ServerTests(server), IClassFixture<SqliteServer>
{
    [Fact]
    public async Task TheServersConnections_UseTheWriteAheadLog_AndWaitForLocksInsideSqlite()
    {
        string? journal = null;
        long busyTimeout = 0;
        await server.InTenantAsync(null, async (db, _) =>
        {
            // Through the server's own context, so the connection is one the server prepared.
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode";
                journal = (string?)await command.ExecuteScalarAsync();
                command.CommandText = "PRAGMA busy_timeout";
                busyTimeout = (long)(await command.ExecuteScalarAsync())!;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
        Assert.Equal("wal", journal);
        Assert.Equal(30_000, busyTimeout);
    }
}
