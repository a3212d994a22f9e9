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
}

internal static class DataSetup
{
    public const string DefaultSqliteConnection = "Data Source=data/amparo.db";

    private static readonly TextColumnsInterceptor TextColumns = new();
    private static readonly TenantStampsInterceptor Stamps = new();
    private static readonly StatementMeterInterceptor Meter = new();

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
                services.AddDbContext<AmparoDbContext, PostgresAmparoDbContext>(o => o.UseNpgsql(connection).AddInterceptors(TextColumns, Stamps, Meter));
                break;
            default:
                connection = string.IsNullOrWhiteSpace(connection) ? DefaultSqliteConnection : connection;
                EnsureSqliteFolder(connection);
                services.AddDbContext<AmparoDbContext, SqliteAmparoDbContext>(o => o.UseSqlite(connection).AddInterceptors(TextColumns, Stamps, Meter));
                break;
        }
        return services;
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
