using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

public abstract class AdminApiTests(AmparoServer server) : ServerTests(server)
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<HttpClient> WithRoleAsync(string scope, string permissions, int? agency = null, int[]? groups = null)
    {
        var role = Unique("role-t-");
        await server.DefineRoleAsync(role, scope, permissions);
        var (user, password) = await server.CreateUserAsync(scope, agencyId: agency, groupIds: groups, roleUniqueId: role);
        return server.As(user, password);
    }

    [Fact]
    public async Task Permissions_ListEveryResourceAndItsActions()
    {
        var (user, password) = await server.CreateUserAsync();
        var data = (await (await server.As(user, password).GetAsync("/api/v2/permissions")).OkBodyAsync())["data"]!;
        var resources = data["resource_actions"]!.AsObject();
        Assert.Equal(24, resources.Count);
        Assert.Contains("approve_case_plan", resources["case"]!.AsArray().Select(a => a.Str()));
        Assert.Contains("agency_read", resources["user"]!.AsArray().Select(a => a.Str()));
        Assert.Equal(["self", "group", "all", "admin_only", "agency", "webhook"], data["management"]!.AsArray().Select(a => a.Str()));
    }

    [Fact]
    public async Task Agencies_CreateListUpdateAndSoftDisable()
    {
        var admin = server.AsAdmin();
        var code = Unique("AG");
        var created = (await (await admin.PostAsync("/api/v2/agencies", Http.Json($$"""{"data":{"agency_code":"{{code}}","name":{"en":"Hope","fr":"Espoir"} } }"""))).OkBodyAsync())["data"]!;
        var id = created["id"]!.GetValue<int>();
        Assert.Equal("Espoir", created["name"]!["fr"].Str());
        Assert.Equal("", created["name"]!["ar"].Str());

        var updated = (await (await admin.PatchJsonAsync($"/api/v2/agencies/{id}", """{"data":{"name":{"ar":"أمل"}}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("Hope", updated["name"]!["en"].Str());
        Assert.Equal("أمل", updated["name"]!["ar"].Str());

        await (await admin.DeleteAsync($"/api/v2/agencies/{id}")).OkBodyAsync();
        var shown = (await (await admin.GetAsync($"/api/v2/agencies/{id}")).OkBodyAsync())["data"]!;
        Assert.True(shown["disabled"]!.GetValue<bool>());
        var enabledOnly = await (await admin.GetAsync("/api/v2/agencies?disabled[0]=false&per=1000")).OkBodyAsync();
        Assert.DoesNotContain(enabledOnly["data"]!.AsArray(), a => a!["id"]!.GetValue<int>() == id);

        await (await admin.PostAsync("/api/v2/agencies", Http.Json($$"""{"data":{"agency_code":"{{code}}","name":{"en":"Again"} } }"""))).ErrorAsync(HttpStatusCode.Conflict);
        var missing = await (await admin.PostAsync("/api/v2/agencies", Http.Json("""{"data":{"agency_code":"X1"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("name", missing["detail"].Str());
    }

    [Fact]
    public async Task Agencies_CreateWithoutManage_IsForbidden()
    {
        var client = await WithRoleAsync("all", """{"agency":["read","write"]}""");
        await (await client.PostAsync("/api/v2/agencies", Http.Json("""{"data":{"agency_code":"NOPE","name":{"en":"x"}}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v2/agencies")).StatusCode);
    }

    [Fact]
    public async Task UserGroups_GroupScopedUsers_SeeOnlyTheirOwnGroups()
    {
        var mine = await server.CreateGroupAsync();
        var other = await server.CreateGroupAsync();
        var client = await WithRoleAsync("group", """{"user_group":["read"]}""", groups: [mine]);
        var list = await (await client.GetAsync("/api/v2/user_groups")).OkBodyAsync();
        Assert.Equal([mine], list["data"]!.AsArray().Select(g => g!["id"]!.GetValue<int>()));
        Assert.True(list["metadata"]!["per"] is null);
        await (await client.GetAsync($"/api/v2/user_groups/{other}")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Roles_CreateValidatesPermissions()
    {
        var admin = server.AsAdmin();
        var empty = await (await admin.PostAsync("/api/v2/roles", Http.Json("""{"data":{"name":"Empty","permissions":{}}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("errors.models.role.permission_presence", empty["message"]![0].Str());
        var unknown = await (await admin.PostAsync("/api/v2/roles", Http.Json("""{"data":{"name":"Odd","permissions":{"case":["fly"],"spaceship":["read"]}}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("spaceship", unknown["detail"]!.AsArray().Select(d => d.Str()));
        await (await admin.PostAsync("/api/v2/roles", Http.Json("""{"data":{"name":"Bad scope","group_permission":"galaxy","permissions":{"case":["read"]}}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);

        var uniqueId = Unique("role-new-");
        var role = (await (await admin.PostAsync("/api/v2/roles", Http.Json($$"""
            {"data":{"unique_id":"{{uniqueId}}","name":"Reviewer","group_permission":"agency","permissions":{"case":["read"]},
                     "form_section_read_write":{"basic_identity":"r"},"module_unique_ids":["primeromodule-cp"]} }
            """))).OkBodyAsync())["data"]!;
        Assert.Equal("agency", role["group_permission"].Str());
        Assert.Equal("r", role["form_section_read_write"]!["basic_identity"].Str());
    }

    [Fact]
    public async Task Roles_NonSuperuserCannotGrantWhatTheyLack_NorSeeTheSuperuserRole()
    {
        var client = await WithRoleAsync("all", """{"role":["read","create","write"],"case":["read"]}""");
        var escalate = await client.PostAsync("/api/v2/roles", Http.Json("""{"data":{"name":"Escalate","permissions":{"user":["manage"]}}}"""));
        await escalate.ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v2/roles", Http.Json($$"""{"data":{"name":"{{Unique("Fine")}}","permissions":{"case":["read"]} } }"""))).StatusCode);

        var roles = await (await client.GetAsync("/api/v2/roles")).OkBodyAsync();
        Assert.DoesNotContain(roles["data"]!.AsArray(), r => r!["unique_id"].Str() == "role-superuser");
        var superId = (await (await server.AsAdmin().GetAsync("/api/v2/roles")).OkBodyAsync())["data"]!.AsArray().Single(r => r!["unique_id"].Str() == "role-superuser")!["id"]!.GetValue<int>();
        await (await client.GetAsync($"/api/v2/roles/{superId}")).ErrorAsync(HttpStatusCode.NotFound);
        await (await client.PatchJsonAsync($"/api/v2/roles/{superId}", """{"data":{"name":"Mine now"}}""")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Users_AdminCreatesAUser_WhoCanThenSignInAndWork()
    {
        var admin = server.AsAdmin();
        var agency = await server.CreateAgencyAsync();
        var userName = Unique("worker_");
        var created = (await (await admin.PostAsync("/api/v2/users", Http.Json($$"""
            {"data":{"user_name":"{{userName}}","full_name":"New Worker","password":"long-enough-pw","password_confirmation":"long-enough-pw",
                     "role_unique_id":"role-cp-case-worker","agency_id":{{agency}},"locale":"fr"} }
            """))).OkBodyAsync())["data"]!;
        Assert.Equal(userName, created["user_name"].Str());
        Assert.Equal("role-cp-case-worker", created["role_unique_id"].Str());
        Assert.Null(created["password"]);
        Assert.Null(created["password_hash"]);

        var worker = server.As(userName, "long-enough-pw");
        await worker.CreateCaseAsync("""{"name_first":"ByNewWorker"}""");
        Assert.Equal(1, (await (await worker.GetAsync("/api/v2/cases")).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>());

        await (await admin.PostAsync("/api/v2/users", Http.Json($$"""{"data":{"user_name":"{{userName.ToUpperInvariant()}}","full_name":"Dup","password":"long-enough-pw","role_unique_id":"role-cp-case-worker"} }""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var shortPw = await (await admin.PostAsync("/api/v2/users", Http.Json($$"""{"data":{"user_name":"{{Unique("u_")}}","full_name":"Short","password":"short","role_unique_id":"role-cp-case-worker"} }""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("password", shortPw["detail"].Str());
    }

    [Fact]
    public async Task Users_UserAdminCannotSeeOrEditSuperusers_NorGiveTheSuperuserRole()
    {
        var userAdmin = await WithRoleAsync("all", """{"user":["manage"],"case":["read"]}""");
        var list = await (await userAdmin.GetAsync("/api/v2/users?per=1000")).OkBodyAsync();
        Assert.DoesNotContain(list["data"]!.AsArray(), u => u!["user_name"].Str() == "admin");
        var adminId = await server.UserIdAsync("admin");
        await (await userAdmin.GetAsync($"/api/v2/users/{adminId}")).ErrorAsync(HttpStatusCode.NotFound);
        await (await userAdmin.PatchJsonAsync($"/api/v2/users/{adminId}", """{"data":{"disabled":true}}""")).ErrorAsync(HttpStatusCode.NotFound);

        var (target, _) = await server.CreateUserAsync();
        var targetId = await server.UserIdAsync(target);
        await (await userAdmin.PatchJsonAsync($"/api/v2/users/{targetId}", """{"data":{"role_unique_id":"role-superuser"}}""")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Users_ListIsScoped_ByGroupOrAgencyOfTheReader()
    {
        var agencyA = await server.CreateAgencyAsync();
        var agencyB = await server.CreateAgencyAsync();
        var g1 = await server.CreateGroupAsync();
        var (mate, _) = await server.CreateUserAsync(agencyId: agencyB, groupIds: [g1]);
        var (colleague, _) = await server.CreateUserAsync(agencyId: agencyA);
        var (stranger, _) = await server.CreateUserAsync(agencyId: agencyB);

        var groupReader = await WithRoleAsync("group", """{"user":["read"]}""", agency: agencyA, groups: [g1]);
        var names = (await (await groupReader.GetAsync("/api/v2/users?per=1000")).OkBodyAsync())["data"]!.AsArray().Select(u => u!["user_name"].Str()).ToList();
        Assert.Contains(mate, names);
        Assert.DoesNotContain(colleague, names);
        Assert.DoesNotContain(stranger, names);

        var agencyReader = await WithRoleAsync("self", """{"user":["read","agency_read"]}""", agency: agencyA);
        names = (await (await agencyReader.GetAsync("/api/v2/users?per=1000")).OkBodyAsync())["data"]!.AsArray().Select(u => u!["user_name"].Str()).ToList();
        Assert.Contains(colleague, names);
        Assert.DoesNotContain(mate, names);
        Assert.DoesNotContain(stranger, names);
    }

    [Fact]
    public async Task Users_EditingThemselves_CannotChangeRoleAgencyGroupsOrUserName()
    {
        var (user, password) = await server.CreateUserAsync();
        var id = await server.UserIdAsync(user);
        var client = server.As(user, password);
        var agency = await server.CreateAgencyAsync();
        var changed = (await (await client.PatchJsonAsync($"/api/v2/users/{id}", $$"""
            {"data":{"full_name":"Renamed Self","role_unique_id":"role-superuser","agency_id":{{agency}},"user_name":"hijack","user_group_unique_ids":[],"disabled":true} }
            """)).OkBodyAsync())["data"]!;
        Assert.Equal("Renamed Self", changed["full_name"].Str());
        Assert.Equal(user, changed["user_name"].Str());
        Assert.Equal("role-test-self", changed["role_unique_id"].Str());
        Assert.Null(changed["agency_id"]);
        Assert.False(changed["disabled"]!.GetValue<bool>());
        await (await client.GetAsync("/api/v2/users/" + await server.UserIdAsync("admin"))).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Users_APasswordChange_EndsTheUsersOtherSessions()
    {
        var (user, password) = await server.CreateUserAsync();
        var id = await server.UserIdAsync(user);
        var browser = server.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SessionLoginAsync(user, password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v2/cases")).StatusCode);

        await (await server.As(user, password).PatchJsonAsync($"/api/v2/users/{id}", """{"data":{"password":"a-brand-new-password","password_confirmation":"a-brand-new-password"}}""")).OkBodyAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.As(user, "a-brand-new-password").GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task GroupAccess_FollowsMembershipChanges_Immediately()
    {
        var g1 = await server.CreateGroupAsync();
        var g2 = await server.CreateGroupAsync();
        var g1Unique = (await (await server.AsAdmin().GetAsync($"/api/v2/user_groups/{g1}")).OkBodyAsync())["data"]!["unique_id"].Str();
        var g2Unique = (await (await server.AsAdmin().GetAsync($"/api/v2/user_groups/{g2}")).OkBodyAsync())["data"]!["unique_id"].Str();
        var (owner, ownerPw) = await server.CreateUserAsync(groupIds: [g1]);
        var record = await server.As(owner, ownerPw).CreateCaseAsync("""{"name_first":"Moving"}""");
        var (viewer, viewerPw) = await server.CreateUserAsync("group", groupIds: [g2]);
        var viewerClient = server.As(viewer, viewerPw);
        var url = $"/api/v2/cases/{record["id"].Str()}";
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.GetAsync(url)).StatusCode);

        // The viewer joins the owner's group: access at once.
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/users/{await server.UserIdAsync(viewer)}", $$"""{"data":{"user_group_unique_ids":["{{g1Unique}}"]} }""")).OkBodyAsync();
        Assert.Equal(HttpStatusCode.OK, (await viewerClient.GetAsync(url)).StatusCode);

        // The owner leaves that group: the record is no longer the group's, at once.
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/users/{await server.UserIdAsync(owner)}", $$"""{"data":{"user_group_unique_ids":["{{g2Unique}}"]} }""")).OkBodyAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.GetAsync(url)).StatusCode);
        var list = await (await viewerClient.GetAsync($"/api/v2/cases?short_id={record["short_id"].Str()}")).OkBodyAsync();
        Assert.Equal(0, list["metadata"]!["total"]!.GetValue<int>());

        // Both membership changes were audited: the security event written inside the change's own transaction used to
        // wait there for the chain's gate while the chain writer waited for SQLite's write lock (issue 13's deadlock).
        var updates = (await (await server.AsAdmin().GetAsync("/api/v2/audit_logs?per=1000&user_name=admin&audit_log_actions[]=user_updated")).OkBodyAsync())["data"]!.AsArray();
        foreach (var userName in new[] { viewer, owner })
        {
            var userId = (await server.UserIdAsync(userName)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(updates, e => e!["record_id"].Str() == userId);
        }
    }
}

public sealed class AdminApiTests_Sqlite(SqliteServer server) : AdminApiTests(server), IClassFixture<SqliteServer>;

public sealed class AdminApiTests_Postgres(PostgresServer server) : AdminApiTests(server), IClassFixture<PostgresServer>;
