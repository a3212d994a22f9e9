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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amparo.Server.Tests;

/// <summary>
/// A real Amparo server in memory, on a database of its own: a temporary SQLite file, or a fresh
/// database in the throwaway PostgreSQL cluster the test command starts (AMPARO_TEST_POSTGRES).
/// Captures every log line so tests can check what the logs contain.
/// </summary>
public abstract class AmparoServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "admin-test-password-1";

    public ConcurrentQueue<string> Logs { get; } = new();

    protected abstract string DatabaseProvider { get; }
    protected abstract string ConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // serve the client from the build output, as `dotnet run` does
        builder.UseSetting("Database:Provider", DatabaseProvider);
        builder.UseSetting("Database:MigrateAtStartup", "true");
        builder.UseSetting("ConnectionStrings:Amparo", ConnectionString);
        builder.UseSetting("AMPARO_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(Path.GetTempPath(), "amparo-test-keys"));
        builder.UseSetting("Attachments:Path", AttachmentsPath);
        // The webhook tests' receiver listens on loopback; the refusal of internal addresses has its own test.
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new CapturingLoggerProvider(Logs));
        });
    }

    public virtual Task InitializeAsync()
    {
        _ = Server; // start now, so migrations and first-start work happen before the first test
        return Task.CompletedTask;
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(AttachmentsPath)) Directory.Delete(AttachmentsPath, recursive: true);
    }

    /// <summary>An HTTP client that keeps cookies (for session tests) and does not follow redirects.</summary>
    /// <summary>Where this server keeps attachment files (a folder of its own, removed with it).</summary>
    public string AttachmentsPath { get; } = Path.Combine(Path.GetTempPath(), $"amparo-test-files-{Guid.NewGuid():N}");

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>A client that signs every call with HTTP Basic auth.</summary>
    public HttpClient As(string userName, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        return client;
    }

    public HttpClient AsAdmin() => As("admin", AdminPassword);

    /// <summary>
    /// Adds a user straight to the database with a role of the given scope that may read, create and write
    /// cases (one such role per scope and tenant), in the given agency and groups.
    /// </summary>
    public async Task<(string UserName, string Password)> CreateUserAsync(string scope = Scopes.Self, string? tenantHost = null,
        int? agencyId = null, IEnumerable<int>? groupIds = null, string? roleUniqueId = null)
    {
        var userName = "user_" + Guid.NewGuid().ToString("N")[..10];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await InTenantAsync(tenantHost, async (db, sp) =>
        {
            var roleId = await RoleIdAsync(db, roleUniqueId ?? $"role-test-{scope}", scope);
            var user = new User { UserName = userName, FullName = "Test " + userName, PasswordHash = "", RoleId = roleId, AgencyId = agencyId, CreatedAt = DateTimeOffset.UtcNow };
            user.PasswordHash = sp.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            foreach (var g in groupIds ?? []) db.UserGroupMemberships.Add(new UserGroupMembership { UserId = user.Id, UserGroupId = g });
            await db.SaveChangesAsync();
        });
        return (userName, password);
    }

    private static async Task<int> RoleIdAsync(AmparoDbContext db, string uniqueId, string scope)
    {
        if (await db.Roles.FirstOrDefaultAsync(r => r.UniqueId == uniqueId) is { } existing) return existing.Id;
        var role = new Role
        {
            UniqueId = uniqueId,
            Name = uniqueId,
            GroupPermission = scope,
            Permissions = """{"case":["read","create","write"]}""",
            FormSectionReadWrite = """{"basic_identity":"rw"}""",
        };
        db.Roles.Add(role);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (await db.Roles.SingleAsync(r => r.UniqueId == uniqueId)).Id;
        }
        return role.Id;
    }

    /// <summary>Creates (or redefines) a role with these permissions and scope.</summary>
    public async Task DefineRoleAsync(string uniqueId, string scope, string permissionsJson, string formsJson = """{"basic_identity":"rw"}""")
    {
        await InTenantAsync(null, async (db, _) =>
        {
            var role = await db.Roles.FirstOrDefaultAsync(r => r.UniqueId == uniqueId);
            if (role is null) db.Roles.Add(role = new Role { UniqueId = uniqueId, Name = uniqueId });
            role.GroupPermission = scope;
            role.Permissions = permissionsJson;
            role.FormSectionReadWrite = formsJson;
            await db.SaveChangesAsync();
        });
    }

    /// <summary>Changes what a test needs of a stored role beyond its permissions and forms (modules, referral/transfer flags).</summary>
    internal Task ChangeRoleAsync(string uniqueId, Action<Role> change) => InTenantAsync(null, async (db, _) =>
    {
        change(await db.Roles.SingleAsync(r => r.UniqueId == uniqueId));
        await db.SaveChangesAsync();
    });

    /// <summary>The database id of a user.</summary>
    public async Task<int> UserIdAsync(string userName)
    {
        var id = 0;
        await InTenantAsync(null, async (db, _) => id = (await db.Users.SingleAsync(u => u.UserName == userName)).Id);
        return id;
    }

    /// <summary>Adds an agency and returns its id.</summary>
    public async Task<int> CreateAgencyAsync()
    {
        var id = 0;
        await InTenantAsync(null, async (db, _) =>
        {
            var code = "agency-" + Guid.NewGuid().ToString("N")[..8];
            var agency = new Agency { UniqueId = code, AgencyCode = code, Name = $$"""{"en":"{{code}}"}""" };
            db.Agencies.Add(agency);
            await db.SaveChangesAsync();
            id = agency.Id;
        });
        return id;
    }

    /// <summary>Adds a user group and returns its id.</summary>
    public async Task<int> CreateGroupAsync()
    {
        var id = 0;
        await InTenantAsync(null, async (db, _) =>
        {
            var group = new UserGroup { UniqueId = "usergroup-" + Guid.NewGuid().ToString("N")[..8], Name = "Group" };
            db.UserGroups.Add(group);
            await db.SaveChangesAsync();
            id = group.Id;
        });
        return id;
    }

    /// <summary>Runs database work in a tenant's scope: the default tenant, or the one with that host name.</summary>
    internal async Task InTenantAsync(string? host, Func<AmparoDbContext, IServiceProvider, Task> work)
    {
        using var scope = Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<TenantRegistry>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set((host is null ? registry.Default : registry.Resolve(host)).Id);
        await work(scope.ServiceProvider.GetRequiredService<AmparoDbContext>(), scope.ServiceProvider);
    }

    /// <summary>Adds a tenant served at <paramref name="host"/>, with its own admin and default configuration.</summary>
    public async Task AddTenantAsync(string host)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        if (await db.Tenants.AnyAsync(t => t.HostName == host)) return;
        db.Tenants.Add(new Tenant { Id = Guid.CreateVersion7(), Code = host, Name = host, HostName = host, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<TenantRegistry>().LoadAsync(db);
        await InTenantAsync(host, (tdb, _) => Amparo.Server.Features.Forms.DefaultConfiguration.EnsureAsync(tdb, TimeProvider.System));
    }

    public async Task<int> CountRecordsAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        return await db.Records.IgnoreQueryFilters().CountAsync();
    }
}

/// <summary>On a temporary SQLite file; the base of servers with extra configuration.</summary>
public class SqliteServer : AmparoServer
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"amparo-test-{Guid.NewGuid():N}.db");
    protected override string DatabaseProvider => "Sqlite";
    protected override string ConnectionString => $"Data Source={_file}";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }
}

public class PostgresServer : AmparoServer
{
    private readonly string _database = $"amparo_test_{Guid.NewGuid():N}";

    /// <summary>The cluster started by the test command. Missing means the tests were run the wrong way: fail, never skip.</summary>
    private static string Cluster => Environment.GetEnvironmentVariable("AMPARO_TEST_POSTGRES") is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException("AMPARO_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster.");

    protected override string DatabaseProvider => "Postgres";
    protected override string ConnectionString => new NpgsqlConnectionStringBuilder(Cluster) { Database = _database }.ConnectionString;

    public override async Task InitializeAsync()
    {
        await using (var connection = new NpgsqlConnection(Cluster))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Cluster);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            sink.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            // Structured values count too: a name hidden in a property would still be shipped to the log store.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) sink.Enqueue($"{category}: {key}={value}");
        }
    }
}
