using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>GET /audit_logs filters: user, time window, actions, record types, paging and order, as Primero's client sends them.</summary>
public abstract class AuditLogFilterTests(AmparoServer server) : ServerTests(server)
{
    private async Task<JsonObject> ListAsync(string query) => (await (await server.AsAdmin().GetAsync("/api/v2/audit_logs?" + query)).OkBodyAsync()).AsObject();

    /// <summary>A user who failed to sign in once, then created a case; waits until the request audit has written the creation.</summary>
    private async Task<(string User, string CaseId)> ActivityAsync()
    {
        var (user, password) = await server.CreateUserAsync();
        await server.As(user, "wrong-password").GetAsync("/api/v2/cases");
        var caseId = (await server.As(user, password).CreateCaseAsync("""{"name_first":"Audited"}"""))["id"].Str();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline
            && !(await ListAsync($"user_name={user}"))["data"]!.AsArray().Any(e => e!["action"].Str() == "create")) await Task.Delay(100);
        return (user, caseId);
    }

    [Fact]
    public async Task List_FilteredByUserActionsAndRecordType_ShowsOnlyMatchingEvents()
    {
        var (user, caseId) = await ActivityAsync();
        var mine = (await ListAsync($"user_name={user}"))["data"]!.AsArray();
        Assert.All(mine, e => Assert.Equal(user, e!["user_name"].Str()));
        Assert.Contains(mine, e => e!["action"].Str() == "failed_login");

        var cases = (await ListAsync($"user_name={user}&record_type[0]=child"))["data"]!.AsArray();
        var created = Assert.Single(cases, e => e!["action"].Str() == "create")!;
        Assert.Equal(caseId, created["record_id"].Str());
        Assert.All(cases, e => Assert.Equal("child", e!["record_type"].Str())); // Primero's model name, which its client translates
        Assert.Equal(cases.Count, (await ListAsync($"user_name={user}&record_type[0]=case"))["data"]!.AsArray().Count);

        var failures = (await ListAsync($"user_name={user}&audit_log_actions[0]=failed_login&audit_log_actions[1]=logout"))["data"]!.AsArray();
        Assert.Equal("failed_login", Assert.Single(failures)!["action"].Str());
    }

    [Fact]
    public async Task List_FromAndTo_BoundTheTimeWindow_AndABareDateToTakesTheWholeDay()
    {
        var (user, _) = await ActivityAsync();
        var now = DateTimeOffset.UtcNow;
        string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
        var all = (await ListAsync($"user_name={user}"))["data"]!.AsArray().Count;
        Assert.True(all >= 2);
        Assert.Equal(all, (await ListAsync($"user_name={user}&from={Iso(now.AddHours(-1))}&to={Iso(now.AddHours(1))}"))["data"]!.AsArray().Count);
        Assert.Empty((await ListAsync($"user_name={user}&from={Iso(now.AddHours(1))}"))["data"]!.AsArray());
        Assert.Empty((await ListAsync($"user_name={user}&to={Iso(now.AddHours(-1))}"))["data"]!.AsArray());
        // Another offset means the same instant.
        var later = now.AddHours(1).ToOffset(TimeSpan.FromHours(-5));
        Assert.Equal(all, (await ListAsync($"user_name={user}&to={Iso(later)}"))["data"]!.AsArray().Count);
        var today = now.AddMinutes(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(all, (await ListAsync($"user_name={user}&from={Iso(now.AddHours(-1))}&to={today}"))["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task List_WithDatesThatDoNotParse_IsUnprocessable_NamingTheParameter()
    {
        var admin = server.AsAdmin();
        Assert.Equal("from", (await (await admin.GetAsync("/api/v2/audit_logs?from=yesterday")).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        Assert.Equal("to", (await (await admin.GetAsync("/api/v2/audit_logs?to=2026-13-45")).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
    }

    [Fact]
    public async Task List_PagesAHundredByDefault_AndOrdersAsAsked()
    {
        var (user, _) = await ActivityAsync();
        var body = await ListAsync($"user_name={user}");
        Assert.Equal(100, body["metadata"]!["per"]!.GetValue<int>());
        Assert.Equal(1, body["metadata"]!["page"]!.GetValue<int>());
        var total = body["metadata"]!["total"]!.GetValue<int>();
        var newestFirst = body["data"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(newestFirst.OrderDescending(), newestFirst);

        var second = await ListAsync($"user_name={user}&per=1&page=2");
        Assert.Equal(total, second["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(newestFirst[1], Assert.Single(second["data"]!.AsArray())!["id"]!.GetValue<long>());

        var oldestFirst = (await ListAsync($"user_name={user}&order=asc"))["data"]!.AsArray().Select(e => e!["id"]!.GetValue<long>());
        Assert.Equal(newestFirst.Order(), oldestFirst);
        var byAction = (await ListAsync($"user_name={user}&order_by=action&order=asc"))["data"]!.AsArray().Select(e => e!["action"].Str()).ToList();
        Assert.Equal(byAction.Order(StringComparer.Ordinal), byAction);
    }

    [Fact]
    public async Task List_WithoutAuditLogRead_IsForbidden_WhateverTheFilters()
    {
        var (user, password) = await server.CreateUserAsync();
        await (await server.As(user, password).GetAsync($"/api/v2/audit_logs?user_name={user}&from=2026-01-01")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class AuditLogFilterTests_Sqlite(SqliteServer server) : AuditLogFilterTests(server), IClassFixture<SqliteServer>;

public sealed class AuditLogFilterTests_Postgres(PostgresServer server) : AuditLogFilterTests(server), IClassFixture<PostgresServer>;
