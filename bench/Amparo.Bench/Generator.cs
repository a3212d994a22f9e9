using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Locations;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Search;
using Amparo.Server.Features.Tenants;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amparo.Bench;

/// <summary>Where the benchmark data lives: a provider (<c>postgres</c> or <c>sqlite</c>) and its connection string.</summary>
internal sealed record BenchDatabase(string Provider, string Connection)
{
    public bool IsPostgres => Provider == "postgres";

    /// <summary>PBKDF2 iterations for the passwords the generator stores (the admin's included); null keeps Identity's default.</summary>
    public int? PasswordHashIterations { get; init; }
    public string ServerProvider => IsPostgres ? "Postgres" : "Sqlite";

    public DbConnection Open()
    {
        DbConnection c = IsPostgres ? new NpgsqlConnection(Connection) : new SqliteConnection(Connection);
        c.Open();
        return c;
    }

    /// <summary>The server's own services for this database (EF model, migrations, first-start work), without HTTP.</summary>
    public WebApplication Host(string adminPassword)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = ServerProvider,
            ["ConnectionStrings:Amparo"] = Connection,
            ["AMPARO_ADMIN_PASSWORD"] = adminPassword,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TenantRegistry>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        if (PasswordHashIterations is { } iterations) builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
        builder.Services.AddAmparoData(builder.Configuration);
        return builder.Build();
    }
}

/// <summary>What a generated dataset holds, as the scenarios need it.</summary>
internal sealed record DatasetInfo(Guid TenantId, int Cases, string Password, IReadOnlyList<BenchUser> Users, IReadOnlyList<string> LocationCodes,
    IReadOnlyList<string> AgencyIds);

internal sealed record BenchUser(int Id, string UserName, string Scope, int AgencyId, int[] GroupIds);

/// <summary>
/// <c>generate</c>: a fresh database migrated by the server's migrations, the server's first-start work (tenant,
/// default roles, CP configuration), then 5 agencies, 20 groups, 200 users, the demo location hierarchy and N cases.
/// Every case row is derived with the server's own code (<see cref="RecordRules"/>, <see cref="Workflow"/>,
/// <see cref="DerivedFields"/>, <see cref="SearchIndex.TermsOf"/>) and its access projections follow
/// <see cref="AssociationStore"/>'s rule, then rows are streamed with binary COPY (PostgreSQL) or one prepared-insert
/// transaction (SQLite), with secondary indexes rebuilt after the load.
/// </summary>
internal static class Generator
{
    public const string Password = "bench-password-2026";
    public const string AdminPassword = "bench-admin-password-2026";
    public const string GroupRole = "role-bench-group-worker";
    public const int Agencies = 5, Groups = 20, UsersCount = 200;

    private static readonly string[] RecordTables = ["records", "record_search_terms", "record_histories", "record_users", "record_groups", "record_agencies"];

    public static async Task<DatasetInfo> GenerateAsync(BenchDatabase database, int cases, int seed, string fixtures, TextWriter log, CancellationToken ct = default)
    {
        await RecreateAsync(database, ct);
        await using var app = database.Host(AdminPassword);
        var total = Stopwatch.StartNew();
        await DataSetup.MigrateAsync(app.Services, ct);
        await Startup.PrepareAsync(app, seedDemo: false, ct);
        log.WriteLine($"migrated and configured in {total.Elapsed.TotalSeconds:F1} s");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.IsDefault, ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var names = NameLists.Load(fixtures);
        var random = new Random(seed);

        var locations = await AddLocationsAsync(db, names, ct);
        var (users, agencyIds) = await AddOrganisationAsync(db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>(), ct);
        var info = new DatasetInfo(tenant.Id, cases, Password, users, locations, agencyIds);

        var factory = new CaseFactory(names, locations, agencyIds);
        var schema = new FormSchema(DefaultConfiguration.FormsFor(RecordTypeName));
        var moduleOptions = await new FormCatalog(db).ModuleOptionsAsync(DefaultConfiguration.CpModule, ct);
        var formVersion = await new FormPublisher(db, TimeProvider.System).CurrentVersionAsync(ct);
        var promoted = PromotedAnswers.Of(await new FormCatalog(db).SnapshotAsync(ct), RecordTypeName);
        var owners = users.Where(u => u.Scope != Scopes.All).ToList();

        var load = Stopwatch.StartNew();
        var indexes = await DropIndexesAsync(db, database, ct);
        long rows = 0;
        var shortIds = new HashSet<string>(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        const int Batch = 20_000;
        for (var start = 0; start < cases; start += Batch)
        {
            var batch = new CaseBatch();
            for (var i = start; i < Math.Min(cases, start + Batch); i++)
                AddCase(batch, random, factory, schema, moduleOptions, formVersion, promoted, tenant.Id, owners, users, shortIds, now);
            rows += await WriteAsync(db, database, batch, ct);
            if ((start / Batch) % 10 == 9 || start + Batch >= cases)
                log.WriteLine($"  {Math.Min(cases, start + Batch):N0} cases, {rows:N0} rows, {rows / load.Elapsed.TotalSeconds:N0} rows/s");
        }
        var loaded = load.Elapsed;
        var reindex = Stopwatch.StartNew();
        await RestoreIndexesAsync(db, database, indexes, ct);
        log.WriteLine($"loaded {cases:N0} cases ({rows:N0} rows) in {loaded.TotalSeconds:F1} s: {rows / loaded.TotalSeconds:N0} rows/s, " +
            $"{cases / loaded.TotalSeconds:N0} cases/s; indexes rebuilt and analysed in {reindex.Elapsed.TotalSeconds:F1} s; " +
            $"overall {rows / load.Elapsed.TotalSeconds:N0} rows/s");
        // Every case was made with its promoted answers, so each promoted field is complete from the start (ADR 0026).
        foreach (var field in promoted)
            db.Add(new PromotedField { RecordType = RecordTypeName, Field = field, State = PromotedField.Ready, RecordsDone = cases, RecordsTotal = cases,
                StartedAt = now, FinishedAt = now });
        await db.SaveChangesAsync(ct);
        await SaveInfoAsync(db, info, ct);
        return info;
    }

    private const string RecordTypeName = "case";

    private sealed class CaseBatch
    {
        public List<RecordEntity> Records { get; } = [];
        public List<RecordSearchTerm> Terms { get; } = [];
        public List<RecordValue> Values { get; } = [];
        public List<RecordHistory> History { get; } = [];
        public List<RecordUser> Users { get; } = [];
        public List<RecordGroup> Groups { get; } = [];
        public List<RecordAgency> Agencies { get; } = [];
    }

    private static void AddCase(CaseBatch batch, Random random, CaseFactory factory, FormSchema schema, JsonObject? moduleOptions, long formVersion,
        IReadOnlySet<string> promoted, Guid tenantId, List<BenchUser> owners, IReadOnlyList<BenchUser> users, HashSet<string> shortIds, DateTimeOffset now)
    {
        // Three years of registrations, most recent busiest.
        var created = now.AddMinutes(-Math.Floor(Math.Pow(random.NextDouble(), 1.5) * 3 * 365 * 1440));
        var closed = random.Next(100) < 15;
        var data = factory.Answers(random, DateOnly.FromDateTime(created.UtcDateTime), closed);
        RecordRules.Apply(data, schema);
        var owner = owners[random.Next(owners.Count)];
        Guid identifier;
        do identifier = Guid.NewGuid(); while (!shortIds.Add(identifier.ToString("N")[^7..]));
        // The rows the API would make for this case (RecordCreation, the server's one create path), streamed below.
        var origin = new RecordOrigin(Guid.CreateVersion7(created), RecordTypeName, DefaultConfiguration.CpModule, owner.Id, owner.UserName, formVersion,
            moduleOptions, closed ? "closed" : "open", CreatedAt: created, TenantId: tenantId);
        var rows = RecordCreation.Build(origin, data, identifier, now, promoted);
        var record = rows.Record;
        // A case has lived a while: edited since it was made.
        record.UpdatedAt = created.AddDays(random.Next(0, 30)) is var u && u < now ? u : now;
        record.Version = 1 + random.Next(5);
        batch.Records.Add(record);
        batch.History.Add(rows.History);
        batch.Terms.AddRange(rows.SearchTerms);
        batch.Values.AddRange(rows.Values);

        // One case in six is also assigned to a second worker, usually of another group: group scope then spans both.
        var associated = new List<BenchUser> { owner };
        batch.Users.Add(rows.Owner);
        if (random.Next(6) == 0 && owners[random.Next(owners.Count)] is var other && other.Id != owner.Id)
        {
            associated.Add(other);
            batch.Users.Add(new RecordUser { TenantId = tenantId, RecordId = record.Id, UserId = other.Id, Relation = RecordRelation.Assigned });
        }
        // AssociationStore's projection: the groups and the agencies of the associated users.
        foreach (var group in associated.SelectMany(a => a.GroupIds).Distinct())
            batch.Groups.Add(new RecordGroup { TenantId = tenantId, RecordId = record.Id, UserGroupId = group });
        foreach (var agency in associated.Select(a => a.AgencyId).Distinct())
            batch.Agencies.Add(new RecordAgency { TenantId = tenantId, RecordId = record.Id, AgencyId = agency });
    }

    private static async Task<long> WriteAsync(AmparoDbContext db, BenchDatabase database, CaseBatch batch, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        if (database.IsPostgres)
        {
            var pg = (NpgsqlConnection)connection;
            await new TableWriter<RecordEntity>(db).CopyAsync(pg, batch.Records, ct);
            await new TableWriter<RecordSearchTerm>(db).CopyAsync(pg, batch.Terms, ct);
            await new TableWriter<RecordValue>(db).CopyAsync(pg, batch.Values, ct);
            await new TableWriter<RecordHistory>(db).CopyAsync(pg, batch.History, ct);
            await new TableWriter<RecordUser>(db).CopyAsync(pg, batch.Users, ct);
            await new TableWriter<RecordGroup>(db).CopyAsync(pg, batch.Groups, ct);
            await new TableWriter<RecordAgency>(db).CopyAsync(pg, batch.Agencies, ct);
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            Insert(db, connection, transaction, batch.Records);
            Insert(db, connection, transaction, batch.Terms);
            Insert(db, connection, transaction, batch.Values);
            Insert(db, connection, transaction, batch.History);
            Insert(db, connection, transaction, batch.Users);
            Insert(db, connection, transaction, batch.Groups);
            Insert(db, connection, transaction, batch.Agencies);
            await transaction.CommitAsync(ct);
        }
        return batch.Records.Count + batch.Terms.Count + batch.Values.Count + batch.History.Count + batch.Users.Count + batch.Groups.Count + batch.Agencies.Count;
    }

    private static void Insert<T>(AmparoDbContext db, DbConnection connection, DbTransaction transaction, List<T> rows) where T : class
    {
        var writer = new TableWriter<T>(db);
        using var command = writer.PrepareInsert(connection, transaction);
        command.Prepare();
        foreach (var row in rows)
        {
            writer.Bind(command, row);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Drops the secondary indexes of the record tables for the load; returns their definitions, from the database itself.</summary>
    private static async Task<List<string>> DropIndexesAsync(AmparoDbContext db, BenchDatabase database, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var tables = string.Join(", ", RecordTables.Select(t => $"'{t}'"));
        var definitions = new List<(string Name, string Sql)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = database.IsPostgres
                ? $"SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename IN ({tables}) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
                : $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) definitions.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in definitions) await Execute(connection, $"DROP INDEX \"{name}\"", ct);
        if (!database.IsPostgres) await Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000", ct);
        return [.. definitions.Select(d => d.Sql)];
    }

    private static async Task RestoreIndexesAsync(AmparoDbContext db, BenchDatabase database, List<string> definitions, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (database.IsPostgres) await Execute(connection, "SET maintenance_work_mem = '512MB'", ct);
        foreach (var sql in definitions) await Execute(connection, sql, ct);
        if (!database.IsPostgres) await Execute(connection, "PRAGMA synchronous = FULL", ct);
        await Execute(connection, database.IsPostgres ? "VACUUM ANALYZE" : "ANALYZE", ct);
    }

    private static async Task Execute(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A fresh database: the SQLite file deleted, or the PostgreSQL database dropped and created.</summary>
    private static async Task RecreateAsync(BenchDatabase database, CancellationToken ct)
    {
        if (database.IsPostgres)
        {
            var target = new NpgsqlConnectionStringBuilder(database.Connection);
            var name = target.Database ?? throw new ArgumentException("The PostgreSQL connection must name a database.");
            var admin = new NpgsqlConnectionStringBuilder(database.Connection) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(ct);
            await Execute(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", ct);
            await Execute(connection, $"CREATE DATABASE \"{name}\"", ct);
        }
        else
        {
            var file = new SqliteConnectionStringBuilder(database.Connection).DataSource;
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                if (File.Exists(f)) File.Delete(f);
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder) Directory.CreateDirectory(folder);
        }
    }

    /// <summary>The demo location hierarchy (countries, governorates, districts...) from <c>jordan.csv</c>, with generated codes.</summary>
    private static async Task<List<string>> AddLocationsAsync(AmparoDbContext db, NameLists names, CancellationToken ct)
    {
        var byPath = new Dictionary<string, Location>(StringComparer.Ordinal);
        string[] types = ["country", "province", "district", "sub_district", "village"];
        foreach (var line in names.Places)
        {
            var parts = line.Split("::", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var depth = 1; depth <= parts.Length; depth++)
            {
                var key = string.Join("::", parts[..depth]);
                if (byPath.ContainsKey(key)) continue;
                var parent = depth > 1 ? byPath[string.Join("::", parts[..(depth - 1)])] : null;
                var code = $"BL{byPath.Count + 1:D4}";
                byPath[key] = new Location
                {
                    Code = code,
                    Type = types[Math.Min(depth - 1, types.Length - 1)],
                    AdminLevel = depth - 1,
                    Placename = new JsonObject { ["en"] = parts[depth - 1] }.ToJsonString(),
                    HierarchyPath = parent is null ? code : parent.HierarchyPath + "." + code,
                };
            }
        }
        db.AddRange(byPath.Values);
        await db.SaveChangesAsync(ct);
        // Cases live at the lowest levels, as registrations name where the child is now.
        var depthMax = byPath.Values.Max(l => l.AdminLevel);
        return [.. byPath.Values.Where(l => l.AdminLevel >= Math.Min(2, depthMax)).Select(l => l.Code)];
    }

    /// <summary>
    /// 5 agencies, 20 groups (4 per agency), 200 users, each in one group of their agency: nine in ten with a group-scoped
    /// case-worker role (the scenarios' user), the rest the default case manager (group) and case worker (self) roles.
    /// </summary>
    private static async Task<(List<BenchUser> Users, List<string> AgencyIds)> AddOrganisationAsync(AmparoDbContext db, IPasswordHasher<User> hasher, CancellationToken ct)
    {
        var agencies = Enumerable.Range(1, Agencies).Select(i => new Agency
        {
            UniqueId = $"agency-bench-{i}", AgencyCode = $"BENCH{i}", Name = new JsonObject { ["en"] = $"Bench agency {i}" }.ToJsonString(),
        }).ToList();
        var groups = Enumerable.Range(1, Groups).Select(i => new UserGroup { UniqueId = $"usergroup-bench-{i}", Name = $"Bench team {i}" }).ToList();
        var role = new Role
        {
            UniqueId = GroupRole,
            Name = "Bench group case worker",
            GroupPermission = Scopes.Group,
            Permissions = """{"case":["read","create","write","flag","add_note","close","reopen"],"dashboard":["case_overview"]}""",
            ModuleUniqueIds = new JsonArray(DefaultConfiguration.CpModule).ToJsonString(),
            FormSectionReadWrite = new JsonObject([.. DefaultConfiguration.TopLevelFormIds.Select(id => KeyValuePair.Create(id, (JsonNode?)"rw"))]).ToJsonString(),
        };
        db.AddRange(agencies);
        db.AddRange(groups);
        db.Add(role);
        await db.SaveChangesAsync(ct);
        var roles = await db.Roles.ToDictionaryAsync(r => r.UniqueId, r => r.Id, ct);

        var now = DateTimeOffset.UtcNow;
        // PBKDF2 is deliberately slow: one hash serves every bench user (the hasher does not bind it to the name).
        var hash = hasher.HashPassword(new User { UserName = "bench", FullName = "bench", PasswordHash = "" }, Password);
        var users = new List<User>();
        for (var i = 0; i < UsersCount; i++)
        {
            var group = groups[i % Groups];
            var agency = agencies[(i % Groups) / (Groups / Agencies)];
            var roleId = (i % 10) switch { 8 => roles[DefaultRoles.CaseManager], 9 => roles[DefaultRoles.CaseWorker], _ => roles[GroupRole] };
            users.Add(new User { UserName = $"bench{i:D3}", FullName = $"Bench user {i}", PasswordHash = hash, RoleId = roleId, AgencyId = agency.Id, CreatedAt = now });
        }
        db.AddRange(users);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < users.Count; i++)
            db.Add(new UserGroupMembership { UserId = users[i].Id, UserGroupId = groups[i % Groups].Id });
        await db.SaveChangesAsync(ct);
        var result = users.Select((u, i) => new BenchUser(u.Id, u.UserName, (i % 10) == 9 ? Scopes.Self : Scopes.Group, u.AgencyId!.Value, [groups[i % Groups].Id])).ToList();
        return (result, [.. agencies.Select(a => a.UniqueId)]);
    }

    /// <summary>The dataset's facts, kept in the database so <c>run</c> needs only the connection.</summary>
    private static async Task SaveInfoAsync(AmparoDbContext db, DatasetInfo info, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await Execute(connection, "CREATE TABLE bench_info (payload TEXT NOT NULL)", ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO bench_info (payload) VALUES (@p)";
        var p = command.CreateParameter();
        p.ParameterName = "@p";
        p.Value = System.Text.Json.JsonSerializer.Serialize(info);
        command.Parameters.Add(p);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<DatasetInfo> LoadInfoAsync(BenchDatabase database, CancellationToken ct = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM bench_info";
        var payload = (string?)await command.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException("Not a generated bench database (no bench_info).");
        return System.Text.Json.JsonSerializer.Deserialize<DatasetInfo>(payload)!;
    }
}
