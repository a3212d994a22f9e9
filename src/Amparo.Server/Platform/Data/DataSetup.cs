using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Amparo.Server.Platform.Data;

internal enum DatabaseProvider { Sqlite, Postgres }

internal sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>Migrate at start-up. Defaults to on for embedded SQLite, off for PostgreSQL (run <c>migrate</c>).</summary>
    public bool? MigrateAtStartup { get; set; }

    public bool ShouldMigrateAtStartup => MigrateAtStartup ?? Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// PostgreSQL: the longest one statement may run (seconds; 0 for no limit). A statement stopped by it is answered 503
    /// in the error envelope, so a runaway query frees its connection instead of holding the pool.
    /// </summary>
    public int StatementTimeoutSeconds { get; set; } = 30;
}

internal static class DataSetup
{
    public const string DefaultSqliteConnection = "Data Source=data/amparo.db";

    private static readonly TextColumnsInterceptor TextColumns = new();
    private static readonly TenantStampsInterceptor Stamps = new();
    private static readonly StatementMeterInterceptor Meter = new();
    private static readonly SqliteLockingInterceptor SqliteLocking = new();

    public static IServiceCollection AddAmparoData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantStamps>();
        var connection = configuration.GetConnectionString("Amparo");
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connection))
                    throw new InvalidOperationException("Database__Provider=Postgres needs ConnectionStrings__Amparo.");
                connection = PostgresSessionSettings(connection, options);
                services.AddDbContext<AmparoDbContext, PostgresAmparoDbContext>(o => o.UseNpgsql(connection).AddInterceptors(TextColumns, Stamps, Meter));
                break;
            default:
                connection = string.IsNullOrWhiteSpace(connection) ? DefaultSqliteConnection : connection;
                EnsureSqliteFolder(connection);
                services.AddDbContext<AmparoDbContext, SqliteAmparoDbContext>(o => o.UseSqlite(connection).AddInterceptors(SqliteLocking, TextColumns, Stamps, Meter));
                break;
        }
        return services;
    }

    /// <summary>
    /// Amparo's own session settings, sent with every connection (the connection string's <c>Options</c>), so they hold
    /// without touching the cluster's configuration or the role: JIT off — Amparo's statements are short, and PostgreSQL's
    /// JIT spent ~45 ms compiling each large count (issue 7) —, no parallel workers per query, and the statement timeout.
    /// A setting the operator already put in <c>Options</c> wins.
    /// </summary>
    internal static string PostgresSessionSettings(string connection, DatabaseOptions options)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        var given = builder.Options ?? "";
        var settings = new List<string>();
        if (!given.Contains("jit=", StringComparison.Ordinal)) settings.Add("-c jit=off");
        // Parallel workers for Amparo's short, LIMITed statements cost more to start and gather than they save (a capped
        // count at 1M: 146 ms with two workers, 14 ms without; docs/performance.md), and they take the cores the server
        // and the other requests need.
        if (!given.Contains("max_parallel_workers_per_gather=", StringComparison.Ordinal)) settings.Add("-c max_parallel_workers_per_gather=0");
        if (!given.Contains("statement_timeout=", StringComparison.Ordinal) && options.StatementTimeoutSeconds > 0)
            settings.Add($"-c statement_timeout={options.StatementTimeoutSeconds * 1000}");
        builder.Options = string.Join(' ', settings.Prepend(given).Where(s => s.Length > 0));
        return builder.ConnectionString;
    }

    private static void EnsureSqliteFolder(string connection)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:") Directory.CreateDirectory(folder);
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        await db.Database.MigrateAsync(ct);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without starting the server.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAmparoDbContext>
{
    public SqliteAmparoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAmparoDbContext>().UseSqlite(DataSetup.DefaultSqliteConnection).Options, new TenantContext());
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAmparoDbContext>
{
    public PostgresAmparoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAmparoDbContext>().UseNpgsql("Host=localhost;Database=amparo_design").Options, new TenantContext());
}
