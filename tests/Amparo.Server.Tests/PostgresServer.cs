using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Tenants;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amparo.Server.Tests;

/// <summary>On a database of its own in the throwaway PostgreSQL cluster.</summary>
public class PostgresServer : AmparoServer
{
    private readonly string _database;

    public PostgresServer() : this($"amparo_test_{Guid.NewGuid():N}") { }

    private protected PostgresServer(string database) => _database = database;

    /// <summary>The cluster started by the test command. Missing means the tests were run the wrong way: fail, never skip.</summary>
    internal static string Cluster => Environment.GetEnvironmentVariable("AMPARO_TEST_POSTGRES") is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException("AMPARO_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster.");

    protected override string DatabaseProvider => "Postgres";
    protected override string ConnectionString => new NpgsqlConnectionStringBuilder(Cluster) { Database = _database }.ConnectionString;

    /// <summary>Leave the database behind when disposed (the template).</summary>
    private protected bool KeepDatabase { get; init; }

    public override async Task InitializeAsync()
    {
        var template = UseTemplate ? $" TEMPLATE \"{await PostgresTemplate.DatabaseAsync()}\"" : "";
        await using (var connection = new NpgsqlConnection(Cluster))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"{template}", connection);
            await create.ExecuteNonQueryAsync();
        }
        await base.InitializeAsync();
        // The server adds its session settings to the connection string (DataSetup.PostgresSessionSettings): its pool
        // is keyed by that string, so that is the pool to clear when it is done.
        using var scope = Services.CreateScope();
        _serverConnection = scope.ServiceProvider.GetRequiredService<AmparoDbContext>().Database.GetConnectionString();
    }

    private string? _serverConnection;

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            // Only this database's pool: ClearAllPools would also close the connections of servers running alongside.
            foreach (var pool in new[] { ConnectionString, _serverConnection }.OfType<string>())
                await using (var mine = new NpgsqlConnection(pool)) NpgsqlConnection.ClearPool(mine);
            if (!KeepDatabase)
            {
                await using var connection = new NpgsqlConnection(Cluster);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }
}

/// <summary>
/// The database every <see cref="PostgresServer"/> of this test run is created from (<c>CREATE DATABASE … TEMPLATE</c>),
/// prepared once. PostgreSQL copies a template only while nobody is connected to it: its pool is cleared once built.
/// </summary>
internal static class PostgresTemplate
{
    private static readonly Lazy<Task<string>> Prepared = new(PrepareAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> DatabaseAsync() => Prepared.Value;

    private static async Task<string> PrepareAsync()
    {
        var database = $"amparo_template_{Guid.NewGuid():N}";
        var builder = new Builder(database);
        await builder.InitializeAsync();
        await builder.DisposeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                using var connection = new NpgsqlConnection(PostgresServer.Cluster);
                connection.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // The throwaway cluster may already be stopping; it takes the template with it.
            }
        };
        return database;
    }

    private sealed class Builder : PostgresServer
    {
        public Builder(string database) : base(database) => KeepDatabase = true;

        protected override bool UseTemplate => false;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await WaitPromotedReadyAsync();
        }
    }
}
