using System.Net;
using System.Text.RegularExpressions;

namespace Amparo.Server.Tests;

/// <summary>
/// The request path stays lean (issue 16): a signed-in request reads its session and the tenant's stamps in one statement,
/// the user, role, groups, modules and forms come from caches while the stamps are unchanged, and a change an
/// administrator makes is in force on the very next request. Statements are counted by the server itself
/// (<c>Diagnostics:ServerTiming</c>, on for test servers).
/// </summary>
public abstract partial class RequestPathTests(AmparoServer server) : ServerTests(server)
{
    [GeneratedRegex("""db;dur=[0-9.]+;desc="(\d+) statements"$""")]
    private static partial Regex ServerTiming();

    private static int Statements(HttpResponseMessage response)
    {
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        return int.Parse(ServerTiming().Match(timing).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(HttpClient Browser, string User, string Password)> SignedInAsync(string role)
    {
        await server.DefineRoleAsync(role, "all", """{"case":["read","create","write"]}""");
        var (user, password) = await server.CreateUserAsync("all", roleUniqueId: role);
        var browser = server.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SessionLoginAsync(user, password)).StatusCode);
        return (browser, user, password);
    }

    /// <summary>
    /// The save's inserts (the record, history, search keys, owner, audit event, and the promoted answers name and sex in
    /// record_values, ADR 0026): one batched command on PostgreSQL, one command each on SQLite.
    /// </summary>
    protected abstract int InsertStatements { get; }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Show_WithNothingChanged_ReadsOnlyTheSessionAndTheRecord()
    {
        var (browser, user, password) = await SignedInAsync(Unique("role-lean-"));
        var id = (await server.As(user, password).CreateCaseAsync("""{"name_first":"Lean"}"""))["id"].Str();
        await (await browser.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync(); // the caches are taken

        var response = await browser.GetAsync($"/api/v2/cases/{id}");
        await response.OkBodyAsync();
        // The session with the tenant's stamps, and the record with its access rule. Nothing else: the audit event is
        // committed before the answer by the audit writer's group commit, shared with concurrent calls, and not counted.
        Assert.Equal(2, Statements(response));
    }

    [Fact]
    public async Task List_WithNothingChanged_RunsOnlyTheStatementsItsAnswerNeeds()
    {
        var (browser, user, password) = await SignedInAsync(Unique("role-lean-"));
        await server.As(user, password).CreateCaseAsync("""{"name_first":"Listed"}""");
        await (await browser.GetAsync("/api/v2/cases?per=5")).OkBodyAsync();

        var response = await browser.GetAsync("/api/v2/cases?per=5");
        await response.OkBodyAsync();
        // The session with the stamps, the count, the page, and the referrals to the user of the page's records (they
        // widen the fields the user may read). The audit event as above.
        Assert.Equal(4, Statements(response));
    }

    [Fact]
    public async Task Create_WithNothingChanged_WritesTheRecordInOneSave_WithoutProbingOrRereading()
    {
        var (browser, _, _) = await SignedInAsync(Unique("role-lean-"));
        await (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/cases", System.Text.Json.Nodes.JsonNode.Parse("""{"data":{"name_first":"Warm"}}"""))).OkBodyAsync();

        var response = await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/cases", System.Text.Json.Nodes.JsonNode.Parse("""{"data":{"name_first":"Once","sex":"female"}}"""));
        await response.OkBodyAsync();
        // The session with the stamps, the owner's agency, the owner's groups, then the one save: the record, its history,
        // search keys, owner, promoted answers and audit event. The role's modules (the record's module) come with the signed-in user;
        // forms, lookups, locations and agencies from the configuration caches (before them a create ran some forty).
        Assert.Equal(3 + InsertStatements, Statements(response));
    }

    [Fact]
    public async Task RoleModulesEdit_DecidesTheModuleOfTheUsersNextCase()
    {
        var role = Unique("role-modules-");
        var (_, user, password) = await SignedInAsync(role);
        var roleId = (await (await server.AsAdmin().GetAsync("/api/v2/roles?per=1000")).OkBodyAsync())["data"]!.AsArray()
            .Single(r => r!["unique_id"].Str() == role)!["id"]!.GetValue<int>();
        var caseworker = server.As(user, password);

        // Each module's own required answers (the child-protection forms ask for a first name).
        foreach (var (module, data) in new[] { ("primeromodule-gbv", """{"sex":"female"}"""), ("primeromodule-cp", """{"name_first":"Cp","sex":"female"}""") })
        {
            await (await server.AsAdmin().PatchJsonAsync($"/api/v2/roles/{roleId}", $$$"""{"data":{"module_unique_ids":["{{{module}}}"]}}""")).OkBodyAsync();
            // The signed-in user is cached per access stamp: the role's new modules decide the very next case.
            var created = await caseworker.CreateCaseAsync(data);
            Assert.Equal(module, created["module_id"].Str());
        }
    }

    [Fact]
    public async Task RoleEdit_IsInForce_OnTheUsersNextRequest()
    {
        var role = Unique("role-edit-");
        var (browser, _, _) = await SignedInAsync(role);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v2/cases")).StatusCode);

        var roleId = (await (await server.AsAdmin().GetAsync("/api/v2/roles?per=1000")).OkBodyAsync())["data"]!.AsArray()
            .Single(r => r!["unique_id"].Str() == role)!["id"]!.GetValue<int>();
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/roles/{roleId}", """{"data":{"permissions":{"case":["create"]}}}""")).OkBodyAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirAccess_OnTheirNextRequest()
    {
        var (browser, user, _) = await SignedInAsync(Unique("role-off-"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v2/cases")).StatusCode);

        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/users/{await server.UserIdAsync(user)}", """{"data":{"disabled":true}}""")).OkBodyAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task GroupDisabled_TakesItsRecordsAway_OnTheNextRequest()
    {
        var group = await server.CreateGroupAsync();
        var (owner, ownerPw) = await server.CreateUserAsync(groupIds: [group]);
        var id = (await server.As(owner, ownerPw).CreateCaseAsync("""{"name_first":"Grouped"}"""))["id"].Str();
        var (viewer, viewerPw) = await server.CreateUserAsync("group", groupIds: [group]);
        var browser = server.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SessionLoginAsync(viewer, viewerPw)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/v2/cases/{id}")).StatusCode);

        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/user_groups/{group}", """{"data":{"disabled":true}}""")).OkBodyAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/api/v2/cases/{id}")).StatusCode);
    }

    [Fact]
    public async Task ANewFormField_IsOfferedAndKept_OnTheNextRequest()
    {
        var (browser, user, password) = await SignedInAsync(Unique("role-form-"));
        var id = (await server.As(user, password).CreateCaseAsync("""{"name_first":"Formed"}"""))["id"].Str();
        await (await browser.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync();
        var field = "lean_" + Guid.NewGuid().ToString("N")[..8];
        var forms = (await (await server.AsAdmin().GetAsync("/api/v2/forms?per=1000")).OkBodyAsync())["data"]!.AsArray();
        var basic = forms.Single(f => f!["unique_id"].Str() == "basic_identity")!;
        var fields = basic["fields"]!.AsArray().Select(f => f!.DeepClone()).ToList();
        fields.Add(System.Text.Json.Nodes.JsonNode.Parse($$"""{"name":"{{field}}","type":"text_field","display_name":{"en":"Lean"},"visible":true}""")!);
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/forms/{basic["id"]}",
            new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { ["fields"] = new System.Text.Json.Nodes.JsonArray([.. fields]) } }.ToJsonString())).OkBodyAsync();

        var saved = await (await browser.SendWithCsrfAsync(HttpMethod.Patch, $"/api/v2/cases/{id}",
            new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { [field] = "kept" } })).OkBodyAsync();
        Assert.Equal("kept", saved["data"]![field].Str());
    }
}

public sealed class RequestPathTests_Sqlite(SqliteServer server) : RequestPathTests(server), IClassFixture<SqliteServer>
{
    protected override int InsertStatements => 7;
}

public sealed class RequestPathTests_Postgres(PostgresServer server) : RequestPathTests(server), IClassFixture<PostgresServer>
{
    protected override int InsertStatements => 1;
}
