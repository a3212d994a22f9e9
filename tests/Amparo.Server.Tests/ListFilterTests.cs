using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// The filter panel of <c>users/:id?extended=true</c> (<c>filters</c>) and the list filters behind it that are not
/// answers: flagged, my_cases, owned_by_agency_id, current_alert_types. A filter is offered only if the list honours it.
/// </summary>
public abstract class ListFilterTests(AmparoServer server) : ServerTests(server)
{
    private async Task<(HttpClient Client, string User, int Id)> WithRoleAsync(string permissions, string scope = "all", string forms = """{"basic_identity":"rw"}""",
        bool manager = false, int? agencyId = null, IEnumerable<int>? groups = null)
    {
        var role = "role-lf-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        if (manager)
            await server.InTenantAsync(null, async (db, _) =>
            {
                var r = await db.Roles.SingleAsync(x => x.UniqueId == role);
                r.IsManager = true;
                r.ModuleUniqueIds = """["primeromodule-cp"]""";
                await db.SaveChangesAsync();
            });
        var (user, password) = await server.CreateUserAsync(scope, agencyId: agencyId, groupIds: groups, roleUniqueId: role);
        return (server.As(user, password), user, await server.UserIdAsync(user));
    }

    private async Task<JsonObject> FiltersAsync(HttpClient client, int id)
    {
        var r = await client.GetAsync($"/api/v2/users/{id}?extended=true");
        if (r.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException(string.Join("\n", server.Logs.Where(l => l.Contains("Exception", StringComparison.Ordinal)).TakeLast(2)));
        return (await r.OkBodyAsync())["data"]!["filters"]!.AsObject();
    }

    private static JsonObject? Named(JsonObject filters, string type, string fieldName) =>
        filters[type]?.AsArray().Select(f => f!.AsObject()).FirstOrDefault(f => f["field_name"].Str() == fieldName);

    [Fact]
    public async Task ExtendedUser_Filters_OfferPrimerosPanel_ForTheReadableTypesOnly()
    {
        var (client, _, id) = await WithRoleAsync("""{"case":["read","create","write"]}""");
        var filters = await FiltersAsync(client, id);
        Assert.Equal(["cases"], filters.Select(kv => kv.Key));

        var flag = Named(filters, "cases", "flagged")!;
        Assert.Equal("cases.filter_by.flag", flag["name"].Str());
        Assert.Equal("toggle", flag["type"].Str());
        Assert.Equal("true", flag["options"]!["en"]![0]!["id"].Str());
        Assert.Equal("Signalé ?", flag["options"]!["fr"]![0]!["display_name"].Str());

        var sex = Named(filters, "cases", "sex")!;
        Assert.Equal("lookup-gender", sex["option_strings_source"].Str());
        var age = Named(filters, "cases", "age")!;
        Assert.Equal("multi_toggle", age["type"].Str());
        Assert.Contains("0..5", age["options"]!.AsArray().Select(o => o!["id"].Str()));
        var location = Named(filters, "cases", "loc:location_current")!;
        Assert.Equal("Location", location["option_strings_source"].Str());
        Assert.Equal("location_current", location["unique_id"].Str());
        var dates = Named(filters, "cases", "cases_by_date")!;
        Assert.Equal("dates", dates["type"].Str());
        Assert.Equal(["registration_date", "created_at"], dates["options"]!["en"]!.AsArray().Select(o => o!["id"].Str()));
        Assert.Equal(["true", "false"], Named(filters, "cases", "record_state")!["options"]!["en"]!.AsArray().Select(o => o!["id"].Str()));
        Assert.Equal(["owned_by", "assigned_user_names"], Named(filters, "cases", "my_cases")!["options"]!["en"]!.AsArray().Select(o => o!["id"].Str()));
        Assert.NotNull(Named(filters, "cases", "workflow"));
        // Not a manager: no social-worker filter.
        Assert.Null(Named(filters, "cases", "owned_by"));
    }

    [Fact]
    public async Task ExtendedUser_Filters_LeaveOutAnswersTheUserMayNotRead()
    {
        var (narrow, _, narrowId) = await WithRoleAsync("""{"case":["read"]}""", forms: "{}");
        var none = await FiltersAsync(narrow, narrowId);
        Assert.Null(Named(none, "cases", "sex"));
        Assert.Null(Named(none, "cases", "age"));
        Assert.Null(Named(none, "cases", "loc:location_current"));
        Assert.NotNull(Named(none, "cases", "flagged"));

        var (wide, _, wideId) = await WithRoleAsync("""{"case":["read","view_protection_concerns_filter"]}""",
            forms: """{"basic_identity":"r","protection_concern_details":"r","assessment":"r"}""");
        var some = await FiltersAsync(wide, wideId);
        Assert.NotNull(Named(some, "cases", "sex"));
        // The default configuration keeps protection concerns on their own form.
        Assert.Equal("lookup-protection-concerns", Named(some, "cases", "protection_concerns")!["option_strings_source"].Str());
        var (noPermission, _, noPermissionId) = await WithRoleAsync("""{"case":["read"]}""", forms: """{"protection_concern_details":"r"}""");
        Assert.Null(Named(await FiltersAsync(noPermission, noPermissionId), "cases", "protection_concerns"));
    }

    [Fact]
    public async Task ExtendedUser_Filters_ForAManager_ListTheOwnersInTheirScope_AndForAnAdminTheAgencies()
    {
        var group = await server.CreateGroupAsync();
        var otherGroup = await server.CreateGroupAsync();
        var (_, teammate, _) = await WithRoleAsync("""{"case":["read","create"]}""", "self", groups: [group]);
        var (_, stranger, _) = await WithRoleAsync("""{"case":["read","create"]}""", "self", groups: [otherGroup]);
        var (manager, managerName, managerId) = await WithRoleAsync("""{"case":["read"]}""", "group", manager: true, groups: [group]);

        var owners = Named(await FiltersAsync(manager, managerId), "cases", "owned_by")!;
        Assert.Equal("multi_select", owners["type"].Str());
        var names = owners["options"]!.AsArray().Select(o => o!["id"].Str()).ToList();
        Assert.Contains(teammate, names);
        Assert.Contains(managerName, names);
        Assert.DoesNotContain(stranger, names);
        Assert.Null(Named(await FiltersAsync(manager, managerId), "cases", "owned_by_agency_id"));

        var agency = await server.CreateAgencyAsync();
        var (admin, _, adminId) = await WithRoleAsync("""{"case":["read"]}""", "all");
        var agencies = Named(await FiltersAsync(admin, adminId), "cases", "owned_by_agency_id")!;
        var code = await AgencyCodeAsync(agency);
        Assert.Contains(code, agencies["options"]!["en"]!.AsArray().Select(o => o!["id"].Str()));
    }

    private async Task<string> AgencyCodeAsync(int id)
    {
        var code = "";
        await server.InTenantAsync(null, async (db, _) => code = (await db.Agencies.SingleAsync(a => a.Id == id)).UniqueId);
        return code;
    }

    [Fact]
    public async Task Filter_Flagged_ListsFlaggedCasesOnly()
    {
        var (client, _, _) = await WithRoleAsync("""{"case":["read","create","write","flag"]}""");
        var marker = "fl" + Guid.NewGuid().ToString("N")[..10];
        var flagged = (await client.CreateCaseAsync($$"""{"name_first":"Rana","name_last":"{{marker}}"}"""))["id"].Str();
        var plain = (await client.CreateCaseAsync($$"""{"name_first":"Sami","name_last":"{{marker}}"}"""))["id"].Str();
        await (await client.PostAsync($"/api/v2/cases/{flagged}/flags", Http.Json("""{"data":{"message":"Check"}}"""))).OkBodyAsync();

        Assert.Equal([flagged], await IdsAsync(client, marker, "flagged=true"));
        Assert.Equal([plain], await IdsAsync(client, marker, "flagged=false"));
    }

    [Fact]
    public async Task Filter_MyCases_MeansOwnedByOrAssignedToTheCaller_WhateverNameIsSent()
    {
        var (me, myName, _) = await WithRoleAsync("""{"case":["read","create","write"]}""");
        var (other, _, _) = await WithRoleAsync("""{"case":["read","create","write"]}""");
        var marker = "mc" + Guid.NewGuid().ToString("N")[..10];
        var mine = (await me.CreateCaseAsync($$"""{"name_first":"Mine","name_last":"{{marker}}"}"""))["id"].Str();
        var theirs = (await other.CreateCaseAsync($$"""{"name_first":"Theirs","name_last":"{{marker}}"}"""))["id"].Str();

        Assert.Equal([mine], await IdsAsync(me, marker, "my_cases[owned_by]=someone_else"));
        Assert.Equal([mine], await IdsAsync(me, marker, "my_cases=owned_by"));
        Assert.Equal([theirs], await IdsAsync(other, marker, $"my_cases[owned_by]={myName}"));
        Assert.Empty(await IdsAsync(me, marker, "my_cases[assigned_user_names]=x"));
    }

    [Fact]
    public async Task Filter_OwnedByAgency_AndCurrentAlertTypes_SelectByOwnerAndAlerts()
    {
        var agency = await server.CreateAgencyAsync();
        var (owner, _, _) = await WithRoleAsync("""{"case":["read","create","write"]}""", agencyId: agency);
        var (editor, _, _) = await WithRoleAsync("""{"case":["read","create","write"]}""");
        var marker = "ag" + Guid.NewGuid().ToString("N")[..10];
        var inAgency = (await owner.CreateCaseAsync($$"""{"name_first":"Lina","name_last":"{{marker}}"}"""))["id"].Str();
        var elsewhere = (await editor.CreateCaseAsync($$"""{"name_first":"Omar","name_last":"{{marker}}"}"""))["id"].Str();

        Assert.Equal([inAgency], await IdsAsync(editor, marker, $"owned_by_agency_id={await AgencyCodeAsync(agency)}"));

        // Someone other than the owner changes an answer: the owner is alerted.
        var edit = await editor.PatchJsonAsync($"/api/v2/cases/{inAgency}", """{"data":{"name_nickname":"Lulu"}}""");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal([inAgency], await IdsAsync(editor, marker, "current_alert_types=field_change"));
        Assert.Empty(await IdsAsync(editor, marker, "current_alert_types=transfer_request"));
        Assert.Contains(elsewhere, await IdsAsync(editor, marker, "not[current_alert_types]=field_change"));
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string marker, string filters)
    {
        var body = await (await client.GetAsync($"/api/v2/cases?query={marker}&per=100&{filters}")).OkBodyAsync();
        return [.. body["data"]!.AsArray().Select(r => r!["id"].Str())];
    }
}

public sealed class ListFilterTests_Sqlite(SqliteServer server) : ListFilterTests(server), IClassFixture<SqliteServer>;

public sealed class ListFilterTests_Postgres(PostgresServer server) : ListFilterTests(server), IClassFixture<PostgresServer>;
