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
        Assert.Equal(5, mine.Count(a => a == "login_failed"));
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
}

public sealed class AuditTests_Sqlite(SqliteServer server) : AuditTests(server), IClassFixture<SqliteServer>;

public sealed class AuditTests_Postgres(PostgresServer server) : AuditTests(server), IClassFixture<PostgresServer>;
