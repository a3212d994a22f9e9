using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// Every writer of a record goes through the one record-change path, so every kind of change leaves the same marks:
/// a new version (ETag), a moved <c>last_updated_at</c>, one history entry, and the call's audit event naming the
/// fields it changed.
/// </summary>
public abstract class RecordChangeTests(AmparoServer server) : ServerTests(server)
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Kinds() => ["answers", "close", "disable", "flag", "resolve_flag", "approval_request", "assign", "attachment", "incident_link"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryKindOfChange_BumpsVersionAndUpdatedAt_LogsHistory_AndIsAudited(string kind)
    {
        var admin = server.AsAdmin();
        var caseId = (await admin.CreateCaseAsync("""{"name_first":"Invariant","consent_for_services":true,"disclosure_other_orgs":true}"""))["id"].Str();
        // Linking an incident to a case changes the incident; every other kind changes the case.
        var (path, id) = kind == "incident_link"
            ? ("incidents", (await (await admin.PostAsync("/api/v2/incidents", Http.Json("""{"data":{"module_id":"primeromodule-gbv","date_of_first_report":"2026-11-01"}}"""))).OkBodyAsync())["data"]!["id"].Str())
            : ("cases", caseId);
        var flagId = kind == "resolve_flag"
            ? (await (await admin.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"Check"}}"""))).OkBodyAsync())["data"]!["id"]!.ToString()
            : null;
        // Whatever the writer, updated_at must move: start from a day long past so "moved" cannot be a coincidence.
        await server.InTenantAsync(null, (db, _) => db.Records.Where(r => r.Id == Guid.Parse(id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, LongAgo)));
        var before = await admin.GetAsync($"/api/v2/{path}/{id}");
        var version = int.Parse(before.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
        var historyBefore = await HistoryCountAsync(path, id);

        await ChangeAsync(kind, admin, caseId, id, flagId);

        var after = await admin.GetAsync($"/api/v2/{path}/{id}");
        var record = (await after.OkBodyAsync())["data"]!;
        Assert.Equal(version + 1, int.Parse(after.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(DateTimeOffset.Parse(record["last_updated_at"].Str(), System.Globalization.CultureInfo.InvariantCulture) > LongAgo.AddDays(1), kind);
        Assert.Equal(historyBefore + 1, await HistoryCountAsync(path, id));

        // The call's audit event (named after the record in its address) says which fields the change touched.
        var events = (await (await admin.GetAsync("/api/v2/audit_logs?per=1000&user_name=admin")).OkBodyAsync())["data"]!.AsArray();
        Assert.Contains(events, e => e!["record_id"]?.GetValue<string>() == caseId && e["metadata"]?["fields"] is JsonArray { Count: > 0 }
            && e["metadata"]!["status"]?.GetValue<int>() is >= 200 and < 300);
    }

    private async Task<int> HistoryCountAsync(string path, string id) =>
        (await (await server.AsAdmin().GetAsync($"/api/v2/{path}/{id}/record_history?per=1000")).OkBodyAsync())["data"]!.AsArray().Count;

    private async Task ChangeAsync(string kind, HttpClient admin, string id, string target, string? flagId)
    {
        switch (kind)
        {
            case "answers":
                await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_first":"Changed"}}""")).OkBodyAsync();
                break;
            case "close":
                await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"status":"closed"},"record_action":"close"}""")).OkBodyAsync();
                break;
            case "disable":
                await (await admin.DeleteAsync($"/api/v2/cases/{id}")).OkBodyAsync();
                break;
            case "flag":
                await (await admin.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"Check the address"}}"""))).OkBodyAsync();
                break;
            case "resolve_flag":
                await (await admin.PatchJsonAsync($"/api/v2/cases/{id}/flags/{flagId}", """{"data":{"unflag_message":"Done"}}""")).OkBodyAsync();
                break;
            case "approval_request":
                await (await admin.PatchJsonAsync($"/api/v2/cases/{id}/approvals/assessment", """{"data":{"approval_status":"requested"}}""")).OkBodyAsync();
                break;
            case "assign":
            {
                var role = "role-rc-" + Guid.NewGuid().ToString("N")[..10];
                await server.DefineRoleAsync(role, "self", """{"case":["read","write","receive_transfer","receive_referral"]}""");
                await server.ChangeRoleAsync(role, r => r.ModuleUniqueIds = """["primeromodule-cp"]""");
                var (recipient, _) = await server.CreateUserAsync(roleUniqueId: role);
                await (await admin.PostAsync($"/api/v2/cases/{id}/assigns", Http.Json($$$"""{"data":{"transitioned_to":"{{{recipient}}}"}}"""))).OkBodyAsync();
                break;
            }
            case "attachment":
            {
                var png = Convert.ToBase64String(Convert.FromHexString("89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7D6A4A50000000049454E44AE426082"));
                await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json($$$"""{"data":{"field_name":"photos","file_name":"face.png","attachment":"{{{png}}}"}}"""))).OkBodyAsync();
                break;
            }
            case "incident_link":
            {
                Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v2/cases/{id}/incidents", Http.Json($$$"""{"data":{"incident_ids":["{{{target}}}"]}}"""))).StatusCode);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    [Fact]
    public async Task ConcurrentWriters_KeepTheAuditChainIntact_AndLoseNoEvent()
    {
        var admin = server.AsAdmin();
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var cases = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.CreateCaseAsync($$$"""{"name_first":"Chain{{{i}}}"}""")));
        // Writers of every kind at once: record updates (event in the change's transaction), reads, user changes (an
        // administrator's transaction with its own security event).
        var userId = await server.UserIdAsync(user);
        var work = new List<Task<HttpResponseMessage>>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var c in cases) work.Add(client.PatchJsonAsync($"/api/v2/cases/{c["id"].Str()}", $$$"""{"data":{"name_last":"Round{{{round}}}"}}"""));
            work.Add(client.GetAsync("/api/v2/cases"));
            work.Add(admin.PatchJsonAsync($"/api/v2/users/{userId}", $$$"""{"data":{"full_name":"Writer {{{round}}}"}}"""));
        }
        var answers = await Task.WhenAll(work);
        // A concurrent update of the same case may be refused (409); everything else succeeds.
        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode || a.StatusCode == HttpStatusCode.Conflict, a.StatusCode.ToString()));

        var verify = await (await admin.GetAsync("/api/v2/audit_logs/verify")).OkBodyAsync();
        Assert.True(verify["data"]!["intact"]!.GetValue<bool>());
        var mine = (await (await admin.GetAsync($"/api/v2/audit_logs?per=1000&user_name={user}")).OkBodyAsync())["data"]!.AsArray();
        // Every answered call of the user is in the chain: 4 creates, 20 updates (conflicts included), 5 lists.
        Assert.Equal(4 + 20 + 5, mine.Count);
        var updates = (await (await admin.GetAsync("/api/v2/audit_logs?per=1000&user_name=admin&audit_log_actions[]=user_updated")).OkBodyAsync())["data"]!.AsArray();
        Assert.True(updates.Count(e => e!["record_id"].Str() == userId.ToString(System.Globalization.CultureInfo.InvariantCulture)) >= 5);
    }
}

public sealed class RecordChangeTests_Sqlite(SqliteServer server) : RecordChangeTests(server), IClassFixture<SqliteServer>;

public sealed class RecordChangeTests_Postgres(PostgresServer server) : RecordChangeTests(server), IClassFixture<PostgresServer>;
