using System.Data.Common;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Search;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Bench;

/// <summary>
/// One operation measured twice: through the API, and as the raw SQL the database would need to give the same answer
/// to the same user (same access rule, same filters, same rows). Both return an answer (a count, a row count, 1 for a
/// write that took) so the smoke run can check that they agree.
/// </summary>
internal sealed class Scenario
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string SqlDescription { get; init; }
    public required Func<Random, object> Input { get; init; }
    public required Func<HttpClient, object, CancellationToken, Task<long>> Api { get; init; }
    public required Func<DbConnection, object, CancellationToken, Task<long>> Sql { get; init; }
    /// <summary>Writes change the data: their answers are not compared as counts.</summary>
    public bool IsWrite { get; init; }
}

/// <summary>The scenarios of issue 7 for one signed-in, group-scoped user.</summary>
internal sealed class ScenarioSet
{
    private readonly BenchDatabase _database;
    private readonly DatasetInfo _info;
    private readonly BenchUser _user;
    private readonly Guid[] _ids;
    private readonly string[] _names;
    private readonly CaseFactory _factory;
    private readonly FormSchema _schema;
    private readonly long _formVersion;
    private readonly JsonObject? _moduleOptions;
    private readonly Microsoft.AspNetCore.Builder.WebApplication _host;

    private int _nextUpdate;
    /// <summary>The case fields whose answers a create also writes to <c>record_values</c> (ADR 0026).</summary>
    private IReadOnlySet<string> _promoted = new HashSet<string>();

    public BenchUser User => _user;
    public long DownloadBytes;
    public long DownloadCompressedBytes;
    public long DownloadCount;
    public bool DownloadServerCompressed;
    public string? DownloadEncoding;

    private ScenarioSet(BenchDatabase database, DatasetInfo info, BenchUser user, Guid[] ids, string[] names, CaseFactory factory,
        FormSchema schema, long formVersion, JsonObject? moduleOptions, Microsoft.AspNetCore.Builder.WebApplication host)
    {
        (_database, _info, _user, _ids, _names, _factory, _schema, _formVersion, _moduleOptions, _host) =
            (database, info, user, ids, names, factory, schema, formVersion, moduleOptions, host);
    }

    public static async Task<ScenarioSet> CreateAsync(BenchDatabase database, DatasetInfo info, string fixtures, CancellationToken ct)
    {
        var user = info.Users.First(u => u.Scope == Amparo.Server.Features.Users.Scopes.Group);
        var host = database.Host(Generator.AdminPassword);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        scope.ServiceProvider.GetRequiredService<Amparo.Server.Platform.Tenancy.TenantContext>().Set(info.TenantId);
        await EnsureAllCasesUserAsync(db, scope.ServiceProvider, ct);
        var moduleOptions = await new FormCatalog(db).ModuleOptionsAsync(DefaultConfiguration.CpModule, ct);
        var formVersion = await new FormPublisher(db, TimeProvider.System).CurrentVersionAsync(ct);
        // A sample of the user's own cases: ids to show and update, names to search for.
        var groups = user.GroupIds.ToList();
        var sample = await db.Records.AsNoTracking()
            .Where(r => r.RecordType == "case" && db.Set<RecordGroup>().Any(g => g.RecordId == r.Id && groups.Contains(g.UserGroupId)))
            .OrderBy(r => r.ShortId).Take(2000).Select(r => new { r.Id, r.Data }).ToListAsync(ct);
        var names = sample.Take(500).Select(s => JsonNode.Parse(s.Data)!.AsObject())
            .Select(d => $"{d["name_first"]?.GetValue<string>()} {d["name_last"]?.GetValue<string>()}").ToArray();
        return new ScenarioSet(database, info, user, [.. sample.Select(s => s.Id)], names, new CaseFactory(NameLists.Load(fixtures), info.LocationCodes, info.AgencyIds),
            new FormSchema(DefaultConfiguration.FormsFor("case")), formVersion, moduleOptions, host)
        {
            _promoted = PromotedAnswers.Of(await new FormCatalog(db).SnapshotAsync(ct), "case"),
        };
    }

    public async ValueTask DisposeHostAsync()
    {
        _allCases?.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>The user whose role sees every case (scope all); added to a dataset the first time it is run.</summary>
    public const string AllCasesUser = "bench-all-cases";

    private HttpClient? _allCases;

    /// <summary>
    /// The all-cases user and their role, made once per dataset when missing, so datasets generated before it was a scenario
    /// need no regeneration. Same permissions and forms as the group user's role, scope all.
    /// </summary>
    private static async Task EnsureAllCasesUserAsync(AmparoDbContext db, IServiceProvider services, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.UserName == AllCasesUser, ct)) return;
        var template = await db.Roles.SingleAsync(r => r.UniqueId == Generator.GroupRole, ct);
        var role = new Amparo.Server.Features.Roles.Role
        {
            UniqueId = "role-bench-all-cases", Name = "Bench all-cases worker", GroupPermission = Amparo.Server.Features.Users.Scopes.All,
            Permissions = template.Permissions, ModuleUniqueIds = template.ModuleUniqueIds, FormSectionReadWrite = template.FormSectionReadWrite,
        };
        db.Add(role);
        await db.SaveChangesAsync(ct);
        var user = new Amparo.Server.Features.Users.User
        {
            UserName = AllCasesUser, FullName = "Bench all-cases user", PasswordHash = "", RoleId = role.Id, CreatedAt = DateTimeOffset.UtcNow,
        };
        user.PasswordHash = services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<Amparo.Server.Features.Users.User>>().HashPassword(user, Generator.Password);
        db.Add(user);
        await db.SaveChangesAsync(ct);
    }

    private bool Pg => _database.IsPostgres;

    // The server's SQLite context stores timestamps through this converter.
    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter SqliteTime = new();

    // ---- the SQL building blocks: the access rule and the JSON accessors of each database ----
    // "id IN (...)" rather than a correlated EXISTS: the form both databases run fastest (SQLite drives it from the index).
    // One record by id: the correlated EXISTS, which both databases answer with one index probe.
    private string AccessOne => $"EXISTS (SELECT 1 FROM record_groups g WHERE g.record_id = r.id AND g.tenant_id = @tenant AND g.user_group_id IN ({string.Join(", ", _user.GroupIds)}))";
    private string Access => $"r.id IN (SELECT g.record_id FROM record_groups g WHERE g.tenant_id = @tenant AND g.user_group_id IN ({string.Join(", ", _user.GroupIds)}))";
    private const string CaseRows = "r.tenant_id = @tenant AND r.record_type = 'case'";

    /// <summary>
    /// A promoted answer tested as the server tests it once the field is ready (ADR 0026): <c>id IN</c> the side table's
    /// rows of that field with that text; on SQLite as a correlated EXISTS, as the server asks it there.
    /// </summary>
    private string PromotedTextIs(string field, string parameter) => Pg
        ? $"r.id IN (SELECT v.record_id FROM record_values v WHERE v.tenant_id = @tenant AND v.record_type = 'case' AND v.field = '{field}' AND v.item = 0 AND v.text_value = {parameter})"
        : $"EXISTS (SELECT 1 FROM record_values v WHERE v.record_id = r.id AND v.field = '{field}' AND v.item = 0 AND v.tenant_id = @tenant AND v.record_type = 'case' AND v.text_value = {parameter})";

    private DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@tenant", _info.TenantId);
        foreach (var (name, value) in parameters) Add(command, name, value);
        return command;
    }

    private void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        // EF stores GUIDs on SQLite as upper-case text.
        p.Value = !Pg && value is Guid g ? g.ToString().ToUpperInvariant() : value;
        command.Parameters.Add(p);
    }

    private static async Task<long> Scalar(DbCommand command, CancellationToken ct)
    {
        await using (command) return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads every column of every row, as the server materialises its entities.</summary>
    private static async Task<long> Rows(DbCommand command, CancellationToken ct)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            long n = 0;
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync(ct)) { reader.GetValues(values); n++; }
            return n;
        }
    }

    private static async Task<long> Total(HttpResponseMessage response, CancellationToken ct)
    {
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        // Past the exact-count threshold the server estimates (ADR 0027): compared with the SQL's capped count as "more".
        if (body?["metadata"]?["total_estimated"] is not null) return BeyondExact;
        return body?["metadata"]?["total"]?.GetValue<long>() ?? -1;
    }

    /// <summary>A total past the server's exact-count threshold, as both sides report it.</summary>
    private const long BeyondExact = -2;

    /// <summary>
    /// The count the server makes for a list's total (ADR 0027): the matches counted up to the threshold + 1 and no further.
    /// </summary>
    private static async Task<long> CappedCount(DbCommand command, CancellationToken ct)
    {
        command.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 FROM ({command.CommandText}) AS m LIMIT {RecordTotalOptions.Default + 1}) AS capped";
        var count = await Scalar(command, ct);
        return count > RecordTotalOptions.Default ? BeyondExact : count;
    }

    public IReadOnlyList<Scenario> All() => [List(), ListAllCases(), Search(), Show(), Create(), Update(), Download(), Dashboard(), GroupedCounts()];

    private Scenario List() => ListAs("list", "the user's groups", () => null, Access);

    /// <summary>The same list for a user whose role sees every case of the tenant (issue 16's all-cases target).</summary>
    private Scenario ListAllCases() => ListAs("list (all cases)", "every case (a role of scope all)", () => _allCases, "1 = 1");

    private Scenario ListAs(string name, string scope, Func<HttpClient?> client, string access) => new()
    {
        Name = name,
        Description = $"GET /api/v2/cases?status=open&sex={{female|male}}&order_by=created_at&order=desc&per=20&page={{1..5}} over {scope}",
        SqlDescription = $"capped COUNT (≤ {RecordTotalOptions.Default + 1}) and the 20 rows: status, sex from record_values (id IN), access ({(access == Access ? "id IN the group's records" : "none")}), ORDER BY created_at DESC, id DESC",
        Input = r => (Sex: r.Next(2) == 0 ? "female" : "male", Page: 1 + r.Next(5)),
        Api = async (http, input, ct) =>
        {
            var (sex, page) = ((string, int))input;
            using var response = await (client() ?? http).GetAsync(new Uri($"api/v2/cases?status=open&sex={sex}&order_by=created_at&order=desc&per=20&page={page}", UriKind.Relative), ct);
            return await Total(response, ct);
        },
        Sql = async (c, input, ct) =>
        {
            var (sex, page) = ((string, int))input;
            var where = $"{CaseRows} AND r.status = 'open' AND {PromotedTextIs("sex", "@sex")} AND {access}";
            var total = await CappedCount(Command(c, $"SELECT r.id FROM records r WHERE {where}", ("@sex", sex)), ct);
            await Rows(Command(c, $"SELECT r.* FROM records r WHERE {where} ORDER BY r.created_at DESC, r.id DESC LIMIT 20 OFFSET {(page - 1) * 20}", ("@sex", sex)), ct);
            return total;
        },
    };

    private Scenario Search() => new()
    {
        Name = "phonetic search",
        Description = "GET /api/v2/cases?query={given surname}&phonetic=true (names of the user's own cases)",
        SqlDescription = "capped COUNT and 20 rows: id IN record_search_terms per sound key (SearchKeys), group access",
        Input = r => _names[r.Next(_names.Length)],
        Api = async (http, input, ct) =>
        {
            using var response = await http.GetAsync(new Uri($"api/v2/cases?query={Uri.EscapeDataString((string)input)}&phonetic=true", UriKind.Relative), ct);
            return await Total(response, ct);
        },
        Sql = async (c, input, ct) =>
        {
            var keys = SearchKeys.NameKeys((string)input).Distinct().ToList();
            var terms = string.Concat(keys.Select((_, i) => $" AND r.id IN (SELECT t.record_id FROM record_search_terms t WHERE t.tenant_id = @tenant AND t.kind = 'name' AND t.term = @k{i})"));
            var where = $"{CaseRows}{terms} AND {Access}";
            var parameters = keys.Select((k, i) => ($"@k{i}", (object)k)).ToArray();
            var total = await CappedCount(Command(c, $"SELECT r.id FROM records r WHERE {where}", parameters), ct);
            await Rows(Command(c, $"SELECT r.* FROM records r WHERE {where} ORDER BY r.created_at DESC, r.id DESC LIMIT 20", parameters), ct);
            return total;
        },
    };

    private Scenario Show() => new()
    {
        Name = "show",
        Description = "GET /api/v2/cases/{id} (a case of the user's groups)",
        SqlDescription = "SELECT r.* WHERE id = @id AND group access",
        Input = r => _ids[r.Next(_ids.Length)],
        Api = async (http, input, ct) =>
        {
            using var response = await http.GetAsync(new Uri($"api/v2/cases/{input}", UriKind.Relative), ct);
            if (response.StatusCode != HttpStatusCode.OK) return 0;
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            return body?["data"]?["id"]?.GetValue<string>() == input.ToString() ? 1 : 0;
        },
        Sql = async (c, input, ct) => await Rows(Command(c, $"SELECT r.* FROM records r WHERE r.id = @id AND {CaseRows} AND {AccessOne}", ("@id", input)), ct),
    };

    private Scenario Create() => new()
    {
        Name = "create",
        IsWrite = true,
        Description = "POST /api/v2/cases with ~40 answers (identity, registration, family, concerns, assessment, services and follow-up rows)",
        SqlDescription = "one transaction: INSERT the record (derived with the server's code) + its search keys, owner, group and agency rows",
        Input = r =>
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            return _factory.Answers(r, today.AddDays(-r.Next(0, 30)), closed: false);
        },
        Api = async (http, input, ct) =>
        {
            using var response = await http.PostAsJsonAsync(new Uri("api/v2/cases", UriKind.Relative), new JsonObject { ["data"] = ((JsonObject)input).DeepClone() }, ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            return body?["data"]?["id"] is not null ? 1 : 0;
        },
        Sql = (c, input, ct) => Task.FromResult(InsertRaw(c, ((JsonObject)input).DeepClone().AsObject())),
    };

    /// <summary>The raw insert a create needs: the same rows, derived with the same code, without the HTTP and EF layers.</summary>
    private long InsertRaw(DbConnection connection, JsonObject data)
    {
        using var scope = _host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        RecordRules.Apply(data, _schema);
        var origin = new RecordOrigin(Guid.CreateVersion7(), "case", DefaultConfiguration.CpModule, _user.Id, _user.UserName, _formVersion, _moduleOptions,
            TenantId: _info.TenantId);
        var rows = RecordCreation.Build(origin, data, Guid.NewGuid(), DateTimeOffset.UtcNow, _promoted);
        var record = rows.Record;
        using var transaction = connection.BeginTransaction();
        void One<T>(T row) where T : class
        {
            var writer = new TableWriter<T>(db);
            using var command = writer.PrepareInsert(connection, transaction);
            writer.Bind(command, row);
            command.ExecuteNonQuery();
        }
        One(record);
        One(rows.History);
        foreach (var term in rows.SearchTerms) One(term);
        foreach (var value in rows.Values) One(value);
        One(rows.Owner);
        foreach (var group in _user.GroupIds) One(new RecordGroup { TenantId = _info.TenantId, RecordId = record.Id, UserGroupId = group });
        One(new RecordAgency { TenantId = _info.TenantId, RecordId = record.Id, AgencyId = _user.AgencyId });
        transaction.Commit();
        return 1;
    }

    private Scenario Update() => new()
    {
        Name = "update",
        IsWrite = true,
        Description = "PATCH /api/v2/cases/{id} changing risk level, protection status and concern details",
        SqlDescription = "one transaction: SELECT the row's data (group access), UPDATE data, version, updated_at",
        // Ids in turn, not at random: concurrent updates of one record are a 409 by design, not what is measured here.
        Input = r => (Id: _ids[Interlocked.Increment(ref _nextUpdate) % _ids.Length], Risk: r.Next(2) == 0 ? "medium" : "high", Note: $"Reviewed at visit {r.Next(1000)}."),
        Api = async (http, input, ct) =>
        {
            var (id, risk, note) = ((Guid, string, string))input;
            var patch = new JsonObject { ["data"] = new JsonObject { ["risk_level"] = risk, ["risk_level_reason"] = "Reassessed.", ["protection_status"] = "separated", ["concern_details"] = note } };
            using var response = await http.PatchAsJsonAsync(new Uri($"api/v2/cases/{id}", UriKind.Relative), patch, ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"update answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            return 1;
        },
        Sql = async (c, input, ct) =>
        {
            var (id, risk, note) = ((Guid, string, string))input;
            await using var transaction = await c.BeginTransactionAsync(ct);
            string? data;
            await using (var read = Command(c, $"SELECT r.data FROM records r WHERE r.id = @id AND {CaseRows} AND {AccessOne}" + (Pg ? " FOR UPDATE" : ""), ("@id", id)))
            {
                read.Transaction = transaction;
                data = (string?)await read.ExecuteScalarAsync(ct);
            }
            if (data is null) return 0;
            var document = JsonNode.Parse(data)!.AsObject();
            document["risk_level"] = risk;
            document["risk_level_reason"] = "Reassessed.";
            document["protection_status"] = "separated";
            document["concern_details"] = note;
            await using var write = Command(c, $"UPDATE records SET data = {(Pg ? "CAST(@data AS jsonb)" : "@data")}, version = version + 1, updated_at = @now WHERE id = @id",
                ("@data", document.ToJsonString()), ("@id", id), ("@now", Pg ? DateTimeOffset.UtcNow : SqliteTime.ConvertToProvider(DateTimeOffset.UtcNow)!));
            write.Transaction = transaction;
            var changed = await write.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return changed;
        },
    };

    private Scenario Download() => new()
    {
        Name = "download 500",
        Description = "GET /api/v2/cases?per=500&page={n}&order_by=created_at&order=desc (every field, Accept-Encoding: gzip, br), as an offline client pulls its cases",
        SqlDescription = "capped COUNT and the 500 rows with every column, group access, ORDER BY created_at DESC, id DESC",
        Input = r => 1 + r.Next(Math.Max(1, (int)Math.Min(20, _ids.Length / 500))),
        Api = async (http, input, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/v2/cases?per=500&page={input}&order_by=created_at&order=desc", UriKind.Relative));
            request.Headers.AcceptEncoding.ParseAdd("gzip, br");
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            var wire = await response.Content.ReadAsByteArrayAsync(ct);
            var compressed = response.Content.Headers.ContentEncoding.Count > 0;
            byte[] body = wire;
            long onWire = wire.Length;
            if (compressed)
            {
                var encoding = response.Content.Headers.ContentEncoding.Single();
                await using Stream unpack = encoding == "br"
                    ? new BrotliStream(new MemoryStream(wire), CompressionMode.Decompress)
                    : new GZipStream(new MemoryStream(wire), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await unpack.CopyToAsync(plain, ct);
                body = plain.ToArray();
                DownloadEncoding = encoding;
            }
            else
            {
                // The server does not compress (a reverse proxy would): count what gzip would put on the wire.
                using var packed = new MemoryStream();
                await using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) await gz.WriteAsync(wire, ct);
                onWire = packed.Length;
            }
            var rows = JsonNode.Parse(body)?["data"]?.AsArray().Count ?? 0;
            Interlocked.Add(ref DownloadBytes, body.Length);
            Interlocked.Add(ref DownloadCompressedBytes, onWire);
            Interlocked.Increment(ref DownloadCount);
            DownloadServerCompressed = compressed;
            return rows;
        },
        Sql = async (c, input, ct) =>
        {
            var where = $"{CaseRows} AND {Access}";
            await CappedCount(Command(c, $"SELECT r.id FROM records r WHERE {where}"), ct);
            return await Rows(Command(c, $"SELECT r.* FROM records r WHERE {where} ORDER BY r.created_at DESC, r.id DESC LIMIT 500 OFFSET {((int)input - 1) * 500}"), ct);
        },
    };

    private Scenario Dashboard() => new()
    {
        Name = "dashboard counts",
        Description = "3 × GET /api/v2/cases?...&per=1 read metadata.total: open; open and risk_level=high; open and workflow=new (dashboards counted by the list, as before issue 16)",
        SqlDescription = "the same three capped COUNTs with group access",
        Input = _ => 0,
        Api = async (http, _, ct) =>
        {
            long sum = 0;
            foreach (var filter in new[] { "status=open", "status=open&risk_level=high", "status=open&workflow=new" })
            {
                using var response = await http.GetAsync(new Uri($"api/v2/cases?{filter}&per=1&fields=short", UriKind.Relative), ct);
                sum += await Total(response, ct);
            }
            return sum;
        },
        Sql = async (c, _, ct) =>
        {
            long sum = 0;
            foreach (var filter in new[] { "r.status = 'open'", $"r.status = 'open' AND {PromotedTextIs("risk_level", "'high'")}", "r.status = 'open' AND r.workflow = 'new'" })
                sum += await CappedCount(Command(c, $"SELECT r.id FROM records r WHERE {CaseRows} AND {filter} AND {Access}"), ct);
            return sum;
        },
    };

    /// <summary>The facets a dashboard shows, counted at once (ADR 0028).</summary>
    private const string SixFacets = "status,workflow,risk_level,sex,age,flagged";

    private Scenario GroupedCounts() => new()
    {
        Name = "dashboard: six grouped counts",
        Description = $"GET /api/v2/cases/counts?by={SixFacets} (the user's groups; answer: the records counted, summed over status)",
        SqlDescription = "one GROUP BY status, workflow, risk_level, sex, age_band, flag_count > 0 over the facet columns, group access",
        Input = _ => 0,
        Api = async (http, _, ct) =>
        {
            using var response = await http.GetAsync(new Uri($"api/v2/cases/counts?by={SixFacets}", UriKind.Relative), ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            return body?["data"]?["status"]?.AsObject().Sum(g => g.Value!.GetValue<long>()) ?? -1;
        },
        Sql = async (c, _, ct) =>
        {
            await using var command = Command(c, "SELECT r.status, r.workflow, r.risk_level, r.sex, r.age_band, CASE WHEN r.flag_count > 0 THEN 1 ELSE 0 END, COUNT(*) " +
                $"FROM records r WHERE {CaseRows} AND {Access} GROUP BY r.status, r.workflow, r.risk_level, r.sex, r.age_band, CASE WHEN r.flag_count > 0 THEN 1 ELSE 0 END");
            await using var reader = await command.ExecuteReaderAsync(ct);
            long sum = 0;
            while (await reader.ReadAsync(ct)) sum += reader.GetInt64(6);
            return sum;
        },
    };

    /// <summary>Signs in through the API as the user (cookie session + CSRF header) and returns a client for them.</summary>
    public async Task<HttpClient> SignInAsync(Uri baseAddress, int connections, CancellationToken ct)
    {
        _allCases?.Dispose();
        _allCases = await SignInAsAsync(AllCasesUser, baseAddress, connections, ct);
        return await SignInAsAsync(_user.UserName, baseAddress, connections, ct);
    }

    private async Task<HttpClient> SignInAsAsync(string userName, Uri baseAddress, int connections, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        var handler = new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, MaxConnectionsPerServer = Math.Max(1, connections), AutomaticDecompression = DecompressionMethods.None };
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        // As the web client: any API answer hands out an anonymous CSRF token, the login answer the session's own.
        (await http.GetAsync(new Uri("api/v2/tokens", UriKind.Relative), ct)).Dispose();
        void UseCsrfCookie()
        {
            http.DefaultRequestHeaders.Remove("X-CSRF-Token");
            if (cookies.GetCookies(baseAddress)["CSRF-TOKEN"]?.Value is { } csrf) http.DefaultRequestHeaders.Add("X-CSRF-Token", csrf);
        }
        UseCsrfCookie();
        using var response = await http.PostAsJsonAsync(new Uri("api/v2/tokens", UriKind.Relative),
            new JsonObject { ["user"] = new JsonObject { ["user_name"] = userName, ["password"] = _info.Password } }, ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        UseCsrfCookie();
        return http;
    }

    public static string Describe(IEnumerable<Scenario> scenarios)
    {
        var text = new StringBuilder();
        foreach (var s in scenarios) text.AppendLine($"  {s.Name,-17} API: {s.Description}\n  {"",-17} SQL: {s.SqlDescription}");
        return text.ToString();
    }
}
