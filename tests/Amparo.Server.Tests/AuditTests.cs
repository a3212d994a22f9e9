using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

public abstract class AuditTests(AmparoServer server) : ServerTests(server)
{
    private async Task<JsonArray> EventsAsync(string query = "") =>
        (await (await server.AsAdmin().GetAsync("/api/v2/audit_logs?per=1000" + query)).OkBodyAsync())["data"]!.AsArray();

    [Fact]
    public async Task LoginFailuresLockoutAndUserAndRoleChanges_AreAudited_WithoutSecrets()
    {
        var (user, password) = await server.CreateUserAsync();
        for (var i = 0; i < 6; i++) await server.As(user, "wrong-" + i).GetAsync("/api/v2/cases");
        var admin = server.AsAdmin();
        var role = (await (await admin.PostAsync("/api/v2/roles", Http.Json($$"""{"data":{"name":"Audited {{Guid.NewGuid():N}}","permissions":{"case":["read"]} } }"""))).OkBodyAsync())["data"]!;
        var id = await server.UserIdAsync(user);
        await (await admin.PatchJsonAsync($"/api/v2/users/{id}", """{"data":{"full_name":"Audited Person","password":"secret-new-password-1"}}""")).OkBodyAsync();

        var mine = (await EventsAsync($"&user_name={user}")).Select(e => e!["action"].Str()).ToList();
        Assert.Equal(5, mine.Count(a => a == "failed_login"));
        Assert.Contains("account_locked", mine);
        var adminEvents = await EventsAsync("&user_name=admin");
        Assert.Contains(adminEvents, e => e!["action"].Str() == "role_created" && e["record_id"].Str() == role["unique_id"].Str());
        var userUpdate = adminEvents.First(e => e!["action"].Str() == "user_updated" && e["record_id"].Str() == id.ToString(System.Globalization.CultureInfo.InvariantCulture))!;
        Assert.Contains("password", userUpdate["metadata"]!["fields"]!.AsArray().Select(f => f.Str()));

        var all = (await EventsAsync()).ToJsonString();
        Assert.DoesNotContain("secret-new-password-1", all, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionLoginAndLogout_AreAudited()
    {
        var (user, password) = await server.CreateUserAsync();
        var browser = server.Browser();
        await (await browser.SessionLoginAsync(user, password)).OkBodyAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.SendWithCsrfAsync(HttpMethod.Delete, "/api/v2/tokens")).StatusCode);

        var actions = (await EventsAsync($"&user_name={user}")).Select(e => e!["action"].Str()).ToList();
        Assert.Equal(["logout", "login"], actions);
    }

    [Fact]
    public async Task HashChain_IsIntact_AndDetectsATamperedEvent()
    {
        await server.As("nobody-" + Guid.NewGuid().ToString("N")[..6], "x").GetAsync("/api/v2/cases");
        var verify = await (await server.AsAdmin().GetAsync("/api/v2/audit_logs/verify")).OkBodyAsync();
        Assert.True(verify["data"]!["intact"]!.GetValue<bool>());

        await server.InTenantAsync(null, async (db, _) =>
        {
            var first = await db.Set<AuditEvent>().OrderBy(e => e.Sequence).FirstAsync();
            first.Action = "nothing_to_see";
            await db.SaveChangesAsync();
        });
        verify = await (await server.AsAdmin().GetAsync("/api/v2/audit_logs/verify")).OkBodyAsync();
        Assert.False(verify["data"]!["intact"]!.GetValue<bool>());
        Assert.Equal(1, verify["data"]!["first_broken_sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task AuditLog_NeedsAuditLogRead()
    {
        var (user, password) = await server.CreateUserAsync();
        await (await server.As(user, password).GetAsync("/api/v2/audit_logs")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ApiCalls_AreLoggedInPrimerosActionWords_WithPrimerosResourceNames_NeverAsRoutes()
    {
        var role = "role-audit-words-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create","write","flag","request_approval_case_plan"]}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        var client = server.As(user, password);
        var id = (await client.CreateCaseAsync("""{"name_first":"Worded"}"""))["id"].Str();
        await (await client.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync();
        await (await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_first":"Reworded"}}""")).OkBodyAsync();
        var flagId = (await (await client.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"check"}}"""))).OkBodyAsync())["data"]!["id"]!.GetValue<int>();
        await (await client.PatchAsync($"/api/v2/cases/{id}/flags/{flagId}", Http.Json("""{"data":{"unflag_message":"checked"}}"""))).OkBodyAsync();
        await (await client.PatchJsonAsync($"/api/v2/cases/{id}/approvals/case_plan", """{"data":{"approval_status":"requested","approval_type":"case_plan"}}""")).OkBodyAsync();
        await (await client.GetAsync("/api/v2/cases")).OkBodyAsync();
        var userId = await server.UserIdAsync(user);
        await (await server.AsAdmin().GetAsync($"/api/v2/users/{userId}")).OkBodyAsync();

        var mine = (await EventsAsync($"&user_name={user}")).Reverse().ToList();
        Assert.Equal(["create", "show", "update", "flag", "unflag", "case_plan_requested", "list"], mine.Select(e => e!["action"].Str()));
        Assert.All(mine, e => Assert.Equal("child", e!["record_type"].Str()));
        Assert.All(mine.Take(6), e => Assert.Equal(id, e!["record_id"].Str()));
        Assert.Equal("logger.flag", mine[3]!["log_message"]!["prefix"]!["key"].Str());

        var shown = (await EventsAsync("&user_name=admin&record_type[0]=user")).First(e => e!["action"].Str() == "show")!;
        Assert.Equal(userId.ToString(System.Globalization.CultureInfo.InvariantCulture), shown["record_id"].Str());
        Assert.All(await EventsAsync(), e => Assert.Matches("^[a-z_]+$", e!["action"].Str()));
    }
}

public sealed class AuditTests_Sqlite(SqliteServer server) : AuditTests(server), IClassFixture<SqliteServer>;

public sealed class AuditTests_Postgres(PostgresServer server) : AuditTests(server), IClassFixture<PostgresServer>;
