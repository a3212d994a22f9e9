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

/// <summary>
/// A real Amparo server in memory, on a database of its own: a temporary SQLite file, or a database in the throwaway
/// PostgreSQL cluster the test command starts (AMPARO_TEST_POSTGRES). The database is a copy of a template that one
/// server per test run migrated and prepared (first start: tenant, admin, default configuration), so each fixture
/// skips that work; the server still runs both at start-up, where they find nothing to do.
/// Captures every log line so tests can check what the logs contain, and fails the test after which an error was
/// logged that the test class did not declare with <see cref="ExpectErrors"/>.
/// </summary>
public abstract class AmparoServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "admin-test-password-1";

    /// <summary>
    /// PBKDF2 iterations of the password hashes the test servers make. Every Basic-auth request verifies a hash, and at
    /// the production default (100,000) that verification was most of the suite's time; one test keeps the default.
    /// </summary>
    public const int TestPasswordHashIterations = 1_000;

    static AmparoServer()
    {
        // Servers run side by side in this process, and SQLite waits for a lock by blocking its thread: with the pool's
        // default minimum (one thread per core) a few such waits hold up every server's requests until the pool grows.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completion, 32));
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _expectedErrors = new();

    protected abstract string DatabaseProvider { get; }
    protected abstract string ConnectionString { get; }

    /// <summary>Start on a copy of the prepared template; off for servers whose tests watch the first start itself.</summary>
    protected virtual bool UseTemplate => true;

    /// <summary>The <c>Auth:PasswordHashIterations</c> setting; null leaves the server's default.</summary>
    protected virtual int? PasswordHashIterations => TestPasswordHashIterations;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // serve the client from the build output, as `dotnet run` does
        builder.UseSetting("Database:Provider", DatabaseProvider);
        builder.UseSetting("Database:MigrateAtStartup", "true");
        builder.UseSetting("ConnectionStrings:Amparo", ConnectionString);
        builder.UseSetting("AMPARO_ADMIN_PASSWORD", AdminPassword);
        if (PasswordHashIterations is { } iterations)
            builder.UseSetting("Auth:PasswordHashIterations", iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Shared by every server of the run: copies of a template must read what the template's server protected.
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(Path.GetTempPath(), "amparo-test-keys"));
        builder.UseSetting("Attachments:Path", AttachmentsPath);
        // The webhook tests' receiver listens on loopback; the refusal of internal addresses has its own test.
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        // Retries a tenth as far apart as in production: the tests count the tries, and would otherwise wait 6 s for a failure.
        builder.UseSetting("Webhooks:RetryDelay", "00:00:00.200");
        // Server-Timing with the statement count: RequestPathTests keep the request path lean by it.
        builder.UseSetting("Diagnostics:ServerTiming", "true");
        builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, TestPeer>());
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new CapturingLoggerProvider(Logs, _errors));
        });
    }

    public virtual Task InitializeAsync()
    {
        // EF Core reads the migrations history before creating it, and logs that failing query as an error, on an
        // empty PostgreSQL database: expected once per fresh database, nowhere else.
        if (!UseTemplate) ExpectErrors("FROM \"__EFMigrationsHistory\"");
        _ = Server; // start now, so migrations and first-start work happen before the first test
        return Task.CompletedTask;
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(AttachmentsPath)) Directory.Delete(AttachmentsPath, recursive: true);
        // Errors logged after the last test (background work, shutdown) have no test left to fail: the class fails
        // ("Test Class Cleanup Failure", which test.sh counts as a failure). The runner shows only the exception's
        // type there, so the errors themselves go to the standard error too.
        try
        {
            ThrowIfUnexpectedErrors();
        }
        catch (UnexpectedServerErrorException e)
        {
            await Console.Error.WriteLineAsync($"{GetType().Name}: {e.Message}");
            throw;
        }
    }

    /// <summary>
    /// Waits (up to a minute) until the given fields of cases — or, with none given, every promoted field there is — are
    /// backfilled and ready, as <c>GET /api/v2/promoted_fields</c> reports them. The template builders wait for all: a
    /// field becomes ready a few seconds after its backfill began (ADR 0026), and a template taken before would hand each
    /// copy that state change in its first seconds, renewing the configuration stamp under whichever test runs then.
    /// </summary>
    public async Task WaitPromotedReadyAsync(params string[] fields)
    {
        using var admin = AsAdmin();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rows = (await (await admin.GetAsync("/api/v2/promoted_fields")).OkBodyAsync())["data"]!.AsArray();
            var ready = rows.Where(r => r!["state"]!.GetValue<string>() == "ready").ToList();
            var done = fields.Length == 0
                ? rows.Count > 0 && ready.Count == rows.Count
                : fields.All(f => ready.Any(r => r!["record_type"]!.GetValue<string>() == "case" && r["field"]!.GetValue<string>() == f));
            if (done) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Promoted fields not ready after 60 s: " + (fields.Length == 0 ? "(all)" : string.Join(",", fields)));
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Declares that errors whose category or message contains <paramref name="fragment"/> are expected on this server
    /// (a test provoking a failure the server must log), for the rest of the test class.
    /// </summary>
    public void ExpectErrors(string fragment) => _expectedErrors.Enqueue(fragment);

    /// <summary>Throws if errors nobody declared were logged since the last call (each error is reported once).</summary>
    public void ThrowIfUnexpectedErrors()
    {
        var unexpected = new List<string>();
        while (_errors.TryDequeue(out var error))
            if (!_expectedErrors.Any(f => error.Contains(f, StringComparison.Ordinal))) unexpected.Add(error);
        if (unexpected.Count > 0)
            throw new UnexpectedServerErrorException(
                $"The server logged {unexpected.Count} unexpected error(s); fix them, or declare them with ExpectErrors:\n" + string.Join("\n---\n", unexpected));
    }

    /// <summary>Where this server keeps attachment files (a folder of its own, removed with it).</summary>
    public string AttachmentsPath { get; } = Path.Combine(Path.GetTempPath(), $"amparo-test-files-{Guid.NewGuid():N}");

    /// <summary>An HTTP client that keeps cookies (for session tests) and does not follow redirects.</summary>
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
