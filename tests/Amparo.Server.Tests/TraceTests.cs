using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Demo;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Traces;
using Amparo.Server.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>Traces: the children a tracing request seeks, read as the tracing request is read, matched to cases the user may read.</summary>
public abstract class TraceTests(AmparoServer server) : ServerTests(server)
{
    // The default CP configuration's tracing-request forms: the inquirer's answers, and the form holding the
    // subform of children sought (tracing_request_subform_section).
    private const string InquirerForm = "tracing_request_inquirer";
    private const string TracesForm = "tracing_request_tracing_request";
    private const string AllForms = $$$"""{"basic_identity":"rw","{{{InquirerForm}}}":"rw","{{{TracesForm}}}":"rw"}""";

    private async Task<(HttpClient Client, string UserName)> UserAsync(string scope, string permissions, string forms = AllForms)
    {
        var role = "role-trace-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        return (server.As(user, password), user);
    }

    private const string Worker = """{"case":["read","create","write"],"tracing_request":["read","create","write"]}""";

    /// <summary>A tracing request with two children sought; returns its wire form.</summary>
    private static async Task<JsonNode> TracingRequestAsync(HttpClient client) =>
        (await (await client.PostAsync("/api/v2/tracing_requests", Http.Json("""
            {"data":{"module_id":"primeromodule-cp","relation_name":"Rosa Diaz","inquiry_date":"2026-01-15",
             "tracing_request_subform_section":[{"name":"Luis Diaz","relation":"mother","sex":"male","age":7},{"name":"Mia Diaz","relation":"mother","sex":"female","age":4}]}}
            """))).OkBodyAsync())["data"]!;

    private static string TraceId(JsonNode request, int i) => request["tracing_request_subform_section"]![i]!["unique_id"].Str();

    private static Task<HttpResponseMessage> MatchAsync(HttpClient client, string traceId, string? caseId) =>
        client.PatchJsonAsync($"/api/v2/traces/{traceId}", new JsonObject { ["data"] = new JsonObject { ["matched_case_id"] = caseId } }.ToJsonString());

    [Fact]
    public async Task GetTracingRequestTraces_ListsEveryChildSought_InTheContractShape()
    {
        var (worker, _) = await UserAsync("self", Worker);
        var request = await TracingRequestAsync(worker);
        var traces = (await (await worker.GetAsync($"/api/v2/tracing_requests/{request["id"].Str()}/traces")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(2, traces.Count);
        var luis = traces[0]!.AsObject();
        Assert.Equal(
            ["age", "id", "inquirer_id", "inquiry_date", "matched_case_id", "name", "relation", "relation_name", "sex", "tracing_request_id"],
            luis.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(TraceId(request, 0), luis["id"].Str());
        Assert.Equal(request["id"].Str(), luis["tracing_request_id"].Str());
        Assert.Equal(request["tracing_request_id"].Str(), luis["inquirer_id"].Str());
        Assert.Null(luis["matched_case_id"]);
        Assert.Equal("Luis Diaz", luis["name"].Str());
        Assert.Equal("mother", luis["relation"].Str());
        Assert.Equal("male", luis["sex"].Str());
        Assert.Equal(7, luis["age"]!.GetValue<int>());
        Assert.Equal("Rosa Diaz", luis["relation_name"].Str());
        Assert.Equal("2026-01-15", luis["inquiry_date"].Str());
        Assert.Equal("Mia Diaz", traces[1]!["name"].Str());

        var one = (await (await worker.GetAsync($"/api/v2/traces/{TraceId(request, 1)}")).OkBodyAsync())["data"]!;
        Assert.Equal("Mia Diaz", one["name"].Str());
        Assert.Equal(request["id"].Str(), one["tracing_request_id"].Str());
    }

    [Fact]
    public async Task Traces_OfATracingRequestOutOfScope_OrWithoutReadPermission_AreForbidden_AndUnknownOnesNotFound()
    {
        var (owner, _) = await UserAsync("self", Worker);
        var request = await TracingRequestAsync(owner);
        var (stranger, _) = await UserAsync("self", Worker);
        await (await stranger.GetAsync($"/api/v2/tracing_requests/{request["id"].Str()}/traces")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await stranger.GetAsync($"/api/v2/traces/{TraceId(request, 0)}")).ErrorAsync(HttpStatusCode.Forbidden);
        var (noRead, _) = await UserAsync("all", """{"case":["read"]}""");
        await (await noRead.GetAsync($"/api/v2/tracing_requests/{request["id"].Str()}/traces")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await noRead.GetAsync($"/api/v2/traces/{TraceId(request, 0)}")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await owner.GetAsync($"/api/v2/traces/{Guid.NewGuid()}")).ErrorAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/v2/tracing_requests/{Guid.NewGuid()}/traces")).ErrorAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync("/api/v2/tracing_requests/not-an-id/traces")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Traces_ShowOnlyTheFieldsTheUserMayRead()
    {
        var (owner, _) = await UserAsync("all", Worker);
        var request = await TracingRequestAsync(owner);
        // Without the inquirer's form, the inquirer's answers are not shown; the children sought still are.
        var (noInquirer, _) = await UserAsync("all", Worker, $$$"""{"{{{TracesForm}}}":"r"}""");
        var trace = (await (await noInquirer.GetAsync($"/api/v2/traces/{TraceId(request, 0)}")).OkBodyAsync())["data"]!.AsObject();
        Assert.False(trace.ContainsKey("relation_name"));
        Assert.False(trace.ContainsKey("inquiry_date"));
        Assert.Equal("Luis Diaz", trace["name"].Str());
        // Without the subform, the children sought are not the user's to see at all.
        var (noTraces, _) = await UserAsync("all", Worker, $$$"""{"{{{InquirerForm}}}":"r"}""");
        await (await noTraces.GetAsync($"/api/v2/traces/{TraceId(request, 0)}")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await noTraces.GetAsync($"/api/v2/tracing_requests/{request["id"].Str()}/traces")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PatchTrace_MatchesAndUnmatchesACase_KeptInTheTracingRequest_AndShownOnTheCase()
    {
        var (worker, _) = await UserAsync("self", Worker);
        var request = await TracingRequestAsync(worker);
        var child = await worker.CreateCaseAsync("""{"name_first":"Luis","sex":"male"}""");
        var traceId = TraceId(request, 0);

        var matched = (await (await MatchAsync(worker, traceId, child["id"].Str())).OkBodyAsync())["data"]!;
        Assert.Equal(traceId, matched["id"].Str());
        Assert.Equal(child["id"].Str(), matched["matched_case_id"].Str());
        Assert.Equal("Luis Diaz", matched["name"].Str());

        var stored = (await (await worker.GetAsync($"/api/v2/tracing_requests/{request["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal(child["id"].Str(), stored["tracing_request_subform_section"]![0]!["matched_case_id"].Str());
        Assert.Null(stored["tracing_request_subform_section"]![1]!["matched_case_id"]);
        var onCase = (await (await worker.GetAsync($"/api/v2/cases/{child["id"].Str()}/traces")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(traceId, Assert.Single(onCase)!["id"].Str());
        Assert.Equal(request["id"].Str(), onCase[0]!["tracing_request_id"].Str());

        var history = (await (await server.AsAdmin().GetAsync($"/api/v2/tracing_requests/{request["id"].Str()}/record_history")).OkBodyAsync())["data"]!.AsArray();
        Assert.Contains(history, h => h!["record_changes"]!.AsArray().Any(c => c!.AsObject().ContainsKey("tracing_request_subform_section")) && h["action"].Str() == "update");

        var unmatched = (await (await MatchAsync(worker, traceId, null)).OkBodyAsync())["data"]!;
        Assert.Null(unmatched["matched_case_id"]);
        Assert.Empty((await (await worker.GetAsync($"/api/v2/cases/{child["id"].Str()}/traces")).OkBodyAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task PatchTrace_ToACaseOutOfScope_OrWithoutWrite_IsForbidden_AndChangesNothing()
    {
        var (worker, _) = await UserAsync("self", Worker);
        var request = await TracingRequestAsync(worker);
        var traceId = TraceId(request, 0);
        var othersCase = await server.AsAdmin().CreateCaseAsync("""{"name_first":"Other"}""");
        await (await MatchAsync(worker, traceId, othersCase["id"].Str())).ErrorAsync(HttpStatusCode.Forbidden);

        var (reader, _) = await UserAsync("all", """{"case":["read"],"tracing_request":["read"]}""");
        await (await MatchAsync(reader, traceId, othersCase["id"].Str())).ErrorAsync(HttpStatusCode.Forbidden);
        var (stranger, _) = await UserAsync("self", Worker);
        var strangersCase = await stranger.CreateCaseAsync("""{"name_first":"Mine"}""");
        await (await MatchAsync(stranger, traceId, strangersCase["id"].Str())).ErrorAsync(HttpStatusCode.Forbidden);

        var trace = (await (await worker.GetAsync($"/api/v2/traces/{traceId}")).OkBodyAsync())["data"]!;
        Assert.Null(trace["matched_case_id"]);
        Assert.Empty((await (await server.AsAdmin().GetAsync($"/api/v2/cases/{othersCase["id"].Str()}/traces")).OkBodyAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task PatchTrace_WithBadInput_IsRefusedWith422_OrNotFound()
    {
        var (worker, _) = await UserAsync("self", Worker);
        var request = await TracingRequestAsync(worker);
        var traceId = TraceId(request, 0);
        var url = $"/api/v2/traces/{traceId}";
        Assert.Equal("matched_case_id", (await (await worker.PatchJsonAsync(url, """{"data":{}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        await (await worker.PatchJsonAsync(url, """{"data":{"matched_case_id":"not-a-uuid"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await worker.PatchJsonAsync(url, """{"data":{"matched_case_id":42}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await worker.PatchJsonAsync(url, """{"matched_case_id":null}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await worker.PatchJsonAsync(url, "{not json")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        // A case that does not exist is bad input, not a missing trace.
        await (await MatchAsync(worker, traceId, Guid.NewGuid().ToString())).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await MatchAsync(worker, Guid.NewGuid().ToString(), null)).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetCaseTraces_ShowsOnlyTracesFromTracingRequestsTheUserMayRead()
    {
        var (admin, _) = await UserAsync("all", Worker);
        var child = await admin.CreateCaseAsync("""{"name_first":"Nora"}""");
        var request = await TracingRequestAsync(admin);
        await (await MatchAsync(admin, TraceId(request, 1), child["id"].Str())).OkBodyAsync();
        Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{child["id"].Str()}/traces")).OkBodyAsync())["data"]!.AsArray());

        // May read every case, but no tracing request: the case's traces are none of theirs.
        var (caseOnly, _) = await UserAsync("all", """{"case":["read"]}""");
        Assert.Empty((await (await caseOnly.GetAsync($"/api/v2/cases/{child["id"].Str()}/traces")).OkBodyAsync())["data"]!.AsArray());
        var (outsider, _) = await UserAsync("self", Worker);
        await (await outsider.GetAsync($"/api/v2/cases/{child["id"].Str()}/traces")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync($"/api/v2/cases/{Guid.NewGuid()}/traces")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RemovingAChildSought_FromTheTracingRequest_RemovesTheTrace()
    {
        var (worker, _) = await UserAsync("self", Worker);
        var request = await TracingRequestAsync(worker);
        var traceId = TraceId(request, 0);
        await (await worker.PatchJsonAsync($"/api/v2/tracing_requests/{request["id"].Str()}",
            $$$"""{"data":{"tracing_request_subform_section":[{"unique_id":"{{{traceId}}}","_destroy":true},{"name":"Ana Diaz","relation":"father"}]}}""")).OkBodyAsync();
        await (await worker.GetAsync($"/api/v2/traces/{traceId}")).ErrorAsync(HttpStatusCode.NotFound);
        var traces = (await (await worker.GetAsync($"/api/v2/tracing_requests/{request["id"].Str()}/traces")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(["Mia Diaz", "Ana Diaz"], traces.Select(t => t!["name"].Str()));
        Assert.Equal("Ana Diaz", (await (await worker.GetAsync($"/api/v2/traces/{traces[1]!["id"].Str()}")).OkBodyAsync())["data"]!["name"].Str());
    }

    [Fact]
    public async Task DemoTracingRequests_HaveEveryChildSoughtIndexedAsATrace()
    {
        var host = $"trace-demo-{Guid.NewGuid():N}.example";
        await server.AddTenantAsync(host);
        await server.InTenantAsync(host, async (db, services) =>
        {
            await DefaultRoles.EnsureAsync(db, default);
            await DemoData.SeedAsync(db, services.GetRequiredService<IPasswordHasher<User>>(), TimeProvider.System, default);
            var requests = await db.Records.AsNoTracking().Where(r => r.RecordType == "tracing_request").ToListAsync();
            Assert.NotEmpty(requests);
            var indexed = await db.Set<TraceEntity>().AsNoTracking().ToListAsync();
            foreach (var request in requests)
            {
                var rows = TraceIndex.RowsOf(JsonNode.Parse(request.Data)!.AsObject()).Select(r => r.TraceId).Order(StringComparer.Ordinal).ToList();
                Assert.NotEmpty(rows);
                Assert.Equal(rows, indexed.Where(t => t.TracingRequestId == request.Id).Select(t => t.TraceId).Order(StringComparer.Ordinal));
            }
        });
    }
}

public sealed class TraceTests_Sqlite(SqliteServer server) : TraceTests(server), IClassFixture<SqliteServer>;

public sealed class TraceTests_Postgres(PostgresServer server) : TraceTests(server), IClassFixture<PostgresServer>;
