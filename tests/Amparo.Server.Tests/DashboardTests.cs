using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary><c>GET /api/v2/dashboards</c> (what the role grants, counted over what the caller may read) and <c>GET /api/v2/configurations</c>.</summary>
public abstract class DashboardTests(AmparoServer server) : ServerTests(server)
{
    private async Task<(HttpClient Client, string User)> WithRoleAsync(string permissions, string forms = """{"basic_identity":"rw"}""")
    {
        var role = "role-dash-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", permissions, forms);
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        return (server.As(user, password), user);
    }

    /// <summary>The list the client opens for an indicator: its query, as Primero's client turns it into list filters.</summary>
    private static string ListUrl(JsonNode indicator) =>
        "/api/v2/cases?" + string.Join("&", indicator["query"]!.AsArray().Select(q => q.Str().Split('=', 2)).Select(kv => $"{kv[0]}[0]={Uri.EscapeDataString(kv[1])}"));

    [Fact]
    public async Task CaseOverview_CountsTheCallersOpenEnabledCases_AndItsQueryListsExactlyThem()
    {
        var (client, user) = await WithRoleAsync("""{"case":["read","create","write","enable_disable_record"],"dashboard":["case_overview"]}""");
        var (other, _) = await WithRoleAsync("""{"case":["read","create"],"dashboard":["case_overview"]}""");
        for (var i = 0; i < 3; i++) await client.CreateCaseAsync($$"""{"name_first":"Open{{i}}"}""");
        var disabled = (await client.CreateCaseAsync("""{"name_first":"Disabled"}"""))["id"].Str();
        await (await client.DeleteAsync($"/api/v2/cases/{disabled}")).OkBodyAsync();
        await other.CreateCaseAsync("""{"name_first":"NotMine"}""");

        var dashboards = (await (await client.GetAsync("/api/v2/dashboards")).OkBodyAsync())["data"]!.AsArray();
        var overview = Assert.Single(dashboards)!;
        Assert.Equal("dashboard.case_overview", overview["name"].Str());
        Assert.Equal("indicator", overview["type"].Str());
        var total = overview["indicators"]!["total"]!;
        Assert.Equal(3, total["count"]!.GetValue<long>());
        Assert.Equal([$"owned_by={user}", "record_state=true", "status=open"], total["query"]!.AsArray().Select(q => q.Str()));

        var listed = await (await client.GetAsync(ListUrl(total))).OkBodyAsync();
        Assert.Equal(3, listed["metadata"]!["total"]!.GetValue<long>());
        Assert.All(listed["data"]!.AsArray(), r => Assert.StartsWith("Open", r!["name_first"].Str(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CaseRisk_CountsEachRiskLevel_OnlyForCallersWhoMayReadTheField()
    {
        var (client, _) = await WithRoleAsync("""{"case":["read","create","write"],"dashboard":["case_overview","case_risk"]}""",
            """{"basic_identity":"rw","protection_concern_details":"rw"}""");
        await client.CreateCaseAsync("""{"name_first":"High1","risk_level":"high"}""");
        await client.CreateCaseAsync("""{"name_first":"High2","risk_level":"high"}""");
        await client.CreateCaseAsync("""{"name_first":"Low","risk_level":"low"}""");
        await client.CreateCaseAsync("""{"name_first":"Unrated"}""");

        var risk = Assert.Single((await (await client.GetAsync("/api/v2/dashboards?names[]=dashboard.case_risk")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Equal("dashboard.case_risk", risk["name"].Str());
        var levels = risk["indicators"]!["risk_level"]!.AsObject();
        Assert.Equal(["high", "low"], levels.Select(l => l.Key).Order());
        Assert.Equal(2, levels["high"]!["count"]!.GetValue<long>());
        var highs = await (await client.GetAsync(ListUrl(levels["high"]!))).OkBodyAsync();
        Assert.Equal(["High1", "High2"], highs["data"]!.AsArray().Select(r => r!["name_first"].Str()).Order());

        // The same dashboard for a role that may not read the risk level: nothing to count, nothing told.
        var (blind, _) = await WithRoleAsync("""{"case":["read","create"],"dashboard":["case_risk"]}""");
        await blind.CreateCaseAsync("""{"name_first":"Blind"}""");
        var theirs = Assert.Single((await (await blind.GetAsync("/api/v2/dashboards")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Empty(theirs["indicators"]!.AsObject());
    }

    [Fact]
    public async Task Dashboards_WithoutADashboardPermission_AreAnEmptyList_AndNamesPickASubset()
    {
        var (none, _) = await WithRoleAsync("""{"case":["read","create"]}""");
        Assert.Empty((await (await none.GetAsync("/api/v2/dashboards")).OkBodyAsync())["data"]!.AsArray());

        var (both, _) = await WithRoleAsync("""{"case":["read"],"dashboard":["case_overview","case_risk"]}""");
        Assert.Equal(2, (await (await both.GetAsync("/api/v2/dashboards")).OkBodyAsync())["data"]!.AsArray().Count);
        var picked = (await (await both.GetAsync("/api/v2/dashboards?names[0]=dashboard.case_overview&names[1]=dashboard.workflow")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(["dashboard.case_overview"], picked.Select(d => d!["name"].Str()));
        var byAction = (await (await both.GetAsync("/api/v2/dashboards?names%5B0%5D=case_risk")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(["dashboard.case_risk"], byAction.Select(d => d!["name"].Str())); // as Primero's client asks
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Browser().GetAsync("/api/v2/dashboards")).StatusCode);
    }

    [Fact]
    public async Task Configurations_AreAnEmptyPagedList_ForWhoeverManagesThem()
    {
        var list = await (await server.AsAdmin().GetAsync("/api/v2/configurations?per=10&page=1")).OkBodyAsync();
        Assert.Empty(list["data"]!.AsArray());
        Assert.Equal(0, list["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(10, list["metadata"]!["per"]!.GetValue<int>());
        var (caseworker, _) = await WithRoleAsync("""{"case":["read"]}""");
        await (await caseworker.GetAsync("/api/v2/configurations")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class DashboardTests_Sqlite(SqliteServer server) : DashboardTests(server), IClassFixture<SqliteServer>;

public sealed class DashboardTests_Postgres(PostgresServer server) : DashboardTests(server), IClassFixture<PostgresServer>;
