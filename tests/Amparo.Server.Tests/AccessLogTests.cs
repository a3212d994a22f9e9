using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>Every API call, reads included, joins the audit chain; a record's access log shows who opened or changed it.</summary>
public abstract class AccessLogTests(AmparoServer server) : ServerTests(server)
{
    /// <summary>The audit is written behind the request: wait (briefly) until the log shows what is expected.</summary>
    private static async Task<JsonArray> EventuallyAsync(Func<Task<JsonArray>> read, Func<JsonArray, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var data = await read();
            if (done(data) || DateTime.UtcNow > deadline) return data;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task AccessLog_ShowsWhoCreatedViewedAndChangedTheRecord_NewestFirst()
    {
        var role = "role-log-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "all", """{"case":["read","write"]}""");
        var (viewer, password) = await server.CreateUserAsync(roleUniqueId: role);
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Kinda"}"""))["id"].Str();
        await (await server.As(viewer, password).GetAsync($"/api/v2/cases/{id}")).OkBodyAsync();
        await (await server.As(viewer, password).PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":6}}""")).OkBodyAsync();

        var log = await EventuallyAsync(
            async () => (await (await admin.GetAsync($"/api/v2/cases/{id}/access_log")).OkBodyAsync())["data"]!.AsArray(),
            data => data.Count >= 3);
        var entries = log.Select(e => (Action: e!["action"].Str(), User: e["user_name"].Str())).ToList();
        Assert.Equal([("update", viewer), ("show", viewer), ("create", "admin")], entries.Where(e => e.Action is "create" or "show" or "update").Take(3));
        var viewed = log.First(e => e!["action"].Str() == "show")!;
        Assert.Equal("Test " + viewer, viewed["full_name"].Str());
        Assert.Equal(role, viewed["role_name"].Str());
        Assert.Equal("cases", viewed["record_type"].Str());

        var onlyUpdates = (await (await admin.GetAsync($"/api/v2/cases/{id}/access_log?filters[actions][0]=update")).OkBodyAsync())["data"]!.AsArray();
        Assert.All(onlyUpdates, e => Assert.Equal("update", e!["action"].Str()));
    }

    [Fact]
    public async Task RequestAudit_KeepsTheChainIntact_AndNeverRecordsSearchTerms()
    {
        var admin = server.AsAdmin();
        var secret = "Secretname" + Guid.NewGuid().ToString("N")[..6];
        await (await admin.GetAsync($"/api/v2/cases?query={secret}")).OkBodyAsync();
        var events = await EventuallyAsync(
            async () => (await (await admin.GetAsync("/api/v2/audit_logs?per=50")).OkBodyAsync())["data"]!.AsArray(),
            data => data.Any(e => e!["action"].Str() == "list"));
        Assert.Contains(events, e => e!["action"].Str() == "list" && e["record_type"]?.GetValue<string>() == "child");
        Assert.DoesNotContain(secret, events.ToJsonString(), StringComparison.Ordinal);
        var verify = (await (await admin.GetAsync("/api/v2/audit_logs/verify")).OkBodyAsync())["data"]!;
        Assert.True(verify["intact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AccessLog_NeedsTheAccessLogPermission()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var id = (await client.CreateCaseAsync("""{"name_first":"Lama"}"""))["id"].Str();
        await (await client.GetAsync($"/api/v2/cases/{id}/access_log")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class AccessLogTests_Sqlite(SqliteServer server) : AccessLogTests(server), IClassFixture<SqliteServer>;

public sealed class AccessLogTests_Postgres(PostgresServer server) : AccessLogTests(server), IClassFixture<PostgresServer>;
