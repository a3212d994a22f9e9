using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>A case's incidents: listed within the user's scope, pre-filled from the case, linked under their own permission.</summary>
public abstract class IncidentsFromCaseTests(AmparoServer server) : ServerTests(server)
{
    private const string GbvForms = """{"gbv_survivor_identification":"rw","gbv_incident_details":"rw"}""";

    private static async Task<string> GbvCaseAsync(HttpClient client) =>
        (await client.CreateCaseAsync("""{"module_id":"primeromodule-gbv","survivor_code_no":"S-17","sex":"female","age":16}"""))["id"].Str();

    private static async Task<JsonNode> CreateIncidentAsync(HttpClient client, string? caseId = null)
    {
        var link = caseId is null ? "" : $$$""","incident_case_id":"{{{caseId}}}" """;
        return (await (await client.PostAsync("/api/v2/incidents", Http.Json($$$"""{"data":{"module_id":"primeromodule-gbv","date_of_first_report":"2026-11-01"{{{link}}}}}"""))).OkBodyAsync())["data"]!;
    }

    private async Task<HttpClient> UserAsync(string scope, string permissions, string forms = GbvForms)
    {
        var role = "role-inc-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        return server.As(user, password);
    }

    [Fact]
    public async Task Get_CaseIncidents_ListsOnlyIncidentsLinkedToTheCase_WithTheFieldsAsked()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var linked = await CreateIncidentAsync(admin, caseId);
        Assert.Equal(caseId, linked["incident_case_id"].Str());
        await CreateIncidentAsync(admin);

        var list = (await (await admin.GetAsync($"/api/v2/cases/{caseId}/incidents")).OkBodyAsync())["data"]!.AsArray();
        var only = Assert.Single(list)!;
        Assert.Equal(linked["id"].Str(), only["id"].Str());
        Assert.Equal(caseId, only["incident_case_id"].Str());
        Assert.Equal("2026-11-01", only["date_of_first_report"].Str());

        var narrow = Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{caseId}/incidents?fields=short_id")).OkBodyAsync())["data"]!.AsArray())!.AsObject();
        Assert.Equal(["enabled", "id", "last_updated_at", "short_id"], narrow.Select(kv => kv.Key).Order());
    }

    [Fact]
    public async Task Get_CaseIncidents_LeavesOutIncidentsOutsideTheUsersScope_AndAnswersWhatTheirFormsShow()
    {
        var owner = await UserAsync("self", """{"case":["read","create","write"],"incident":["read"]}""", """{"gbv_survivor_identification":"rw"}""");
        var caseId = await GbvCaseAsync(owner);
        var admin = server.AsAdmin();
        await CreateIncidentAsync(admin, caseId);
        // The incident belongs to the admin: the case owner, self-scoped, does not see it through the case either.
        Assert.Empty((await (await owner.GetAsync($"/api/v2/cases/{caseId}/incidents")).OkBodyAsync())["data"]!.AsArray());

        var allScope = await UserAsync("all", """{"case":["read"],"incident":["read"]}""", """{"gbv_survivor_identification":"r"}""");
        var seen = Assert.Single((await (await allScope.GetAsync($"/api/v2/cases/{caseId}/incidents")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Null(seen["date_of_first_report"]); // no incident form granted
        Assert.Equal(caseId, seen["incident_case_id"].Str());
    }

    [Fact]
    public async Task Get_CaseIncidents_WithoutIncidentRead_OrCaseOutOfScope_IsForbidden_AndUnknownCaseIsNotFound()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var noIncidents = await UserAsync("all", """{"case":["read"]}""");
        await (await noIncidents.GetAsync($"/api/v2/cases/{caseId}/incidents")).ErrorAsync(HttpStatusCode.Forbidden);
        var stranger = await UserAsync("self", """{"case":["read"],"incident":["read"]}""");
        await (await stranger.GetAsync($"/api/v2/cases/{caseId}/incidents")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync($"/api/v2/cases/{Guid.NewGuid()}/incidents")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetCase_EmbedsIncidentDetails_OnlyForRolesThatViewIncidentsFromCases_AndOnlyIncidentsInScope()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var incident = (await CreateIncidentAsync(admin, caseId))["id"].Str();

        var viewer = await UserAsync("all", """{"case":["read","view_incident_from_case"],"incident":["read"]}""");
        var details = (await (await viewer.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!["incident_details"]!.AsArray();
        Assert.Equal(incident, Assert.Single(details)!["id"].Str());
        Assert.Null((await (await viewer.GetAsync($"/api/v2/cases/{caseId}?fields=short_id")).OkBodyAsync())["data"]!["incident_details"]);

        var withoutAction = await UserAsync("all", """{"case":["read"],"incident":["read"]}""");
        Assert.Null((await (await withoutAction.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!["incident_details"]);
        var withoutIncidents = await UserAsync("all", """{"case":["read","view_incident_from_case"]}""");
        Assert.Null((await (await withoutIncidents.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!["incident_details"]);

        // A case owner who may not open the admin's incident sees the case without it.
        var owner = await UserAsync("self", """{"case":["read","create","view_incident_from_case"],"incident":["read"]}""", """{"gbv_survivor_identification":"rw"}""");
        var ownCase = await GbvCaseAsync(owner);
        await CreateIncidentAsync(admin, ownCase);
        Assert.Empty((await (await owner.GetAsync($"/api/v2/cases/{ownCase}")).OkBodyAsync())["data"]!["incident_details"]!.AsArray());
    }

    [Fact]
    public async Task New_IsAnUnsavedOpenIncident_PrefilledWithWhatTheUserMayReadOfTheCase()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var before = await server.CountRecordsAsync();
        var template = (await (await admin.GetAsync($"/api/v2/cases/{caseId}/incidents/new")).OkBodyAsync())["data"]!;
        Assert.Equal("open", template["status"].Str());
        Assert.Equal("primeromodule-gbv", template["module_id"].Str());
        Assert.Equal(caseId, template["incident_case_id"].Str());
        Assert.Equal("S-17", template["survivor_code_no"].Str());
        Assert.Equal("female", template["sex"].Str());
        Assert.Equal(16, template["age"]!.GetValue<int>());
        Assert.Null(template["id"]);
        Assert.Equal(before, await server.CountRecordsAsync());

        // Without the survivor form, the case's answers stay out of the template.
        var blind = await UserAsync("all", """{"case":["read","incident_from_case"]}""", """{"gbv_incident_details":"rw"}""");
        var partial = (await (await blind.GetAsync($"/api/v2/cases/{caseId}/incidents/new")).OkBodyAsync())["data"]!;
        Assert.Equal("open", partial["status"].Str());
        Assert.Null(partial["sex"]);
        Assert.Null(partial["survivor_code_no"]);
    }

    [Fact]
    public async Task New_WithoutIncidentCreateOrIncidentFromCase_OrOutOfScope_IsForbidden()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var readOnly = await UserAsync("all", """{"case":["read"],"incident":["read"]}""");
        await (await readOnly.GetAsync($"/api/v2/cases/{caseId}/incidents/new")).ErrorAsync(HttpStatusCode.Forbidden);
        var stranger = await UserAsync("self", """{"case":["read","incident_from_case"]}""");
        await (await stranger.GetAsync($"/api/v2/cases/{caseId}/incidents/new")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync($"/api/v2/cases/{Guid.NewGuid()}/incidents/new")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_LinksExistingIncidents_AnswersNoContent_AndLogsTheLinkOnTheIncident()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var first = (await CreateIncidentAsync(admin))["id"].Str();
        var second = (await CreateIncidentAsync(admin))["id"].Str();
        var response = await admin.PostAsync($"/api/v2/cases/{caseId}/incidents", Http.Json($$$"""{"data":{"incident_ids":["{{{first}}}","{{{second}}}"]}}"""));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var list = (await (await admin.GetAsync($"/api/v2/cases/{caseId}/incidents")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(new[] { first, second }.Order(), list.Select(i => i!["id"].Str()).Order());
        var history = (await (await admin.GetAsync($"/api/v2/incidents/{first}/record_history")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(caseId, history[0]!["record_changes"]![0]!["incident_case_id"]!["to"].Str());
    }

    [Fact]
    public async Task Post_Link_WithoutPermission_OrAnIncidentOutOfScope_IsForbidden_AndLinksNothing()
    {
        var admin = server.AsAdmin();
        var linker = await UserAsync("self", """{"case":["read","create"],"incident":["read","create","link_incident_to_case"]}""");
        var caseId = await GbvCaseAsync(linker);
        var own = (await CreateIncidentAsync(linker))["id"].Str();
        var foreign = (await CreateIncidentAsync(admin))["id"].Str();
        await (await linker.PostAsync($"/api/v2/cases/{caseId}/incidents", Http.Json($$$"""{"data":{"incident_ids":["{{{own}}}","{{{foreign}}}"]}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await (await linker.GetAsync($"/api/v2/cases/{caseId}/incidents")).OkBodyAsync())["data"]!.AsArray());

        var noLink = await UserAsync("all", """{"case":["read"],"incident":["read","write"]}""");
        await (await noLink.PostAsync($"/api/v2/cases/{caseId}/incidents", Http.Json($$$"""{"data":{"incident_ids":["{{{own}}}"]}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
        // The case must be one the user may open.
        var adminCase = await GbvCaseAsync(admin);
        await (await linker.PostAsync($"/api/v2/cases/{adminCase}/incidents", Http.Json($$$"""{"data":{"incident_ids":["{{{own}}}"]}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await linker.PostAsync($"/api/v2/cases/{caseId}/incidents", Http.Json($$$"""{"data":{"incident_ids":["{{{own}}}"]}}"""))).StatusCode);
    }

    [Fact]
    public async Task Post_Link_WithBadIds_IsUnprocessable_AndUnknownIncidentIsNotFound()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var url = $"/api/v2/cases/{caseId}/incidents";
        foreach (var body in new[] { """{"data":{}}""", """{"data":{"incident_ids":[]}}""", """{"data":{"incident_ids":"x"}}""", """{"data":{"incident_ids":["not-a-uuid"]}}""", """{"incident_ids":[]}""" })
            await (await admin.PostAsync(url, Http.Json(body))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var error = await (await admin.PostAsync(url, Http.Json("""{"data":{"incident_ids":[1]}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("/incident_ids/0", error["detail"]![0].Str());
        await (await admin.PostAsync(url, Http.Json($$$"""{"data":{"incident_ids":["{{{Guid.NewGuid()}}}"]}}"""))).ErrorAsync(HttpStatusCode.NotFound);
        // A case id is not an incident id.
        await (await admin.PostAsync(url, Http.Json($$$"""{"data":{"incident_ids":["{{{caseId}}}"]}}"""))).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostIncident_WithIncidentCaseId_NeedsIncidentFromCase_AndACaseInScope()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        var creator = await UserAsync("all", """{"case":["read"],"incident":["read","create"]}""");
        var body = $$$"""{"data":{"module_id":"primeromodule-gbv","date_of_first_report":"2026-11-02","incident_case_id":"{{{caseId}}}"}}""";
        var before = await server.CountRecordsAsync();
        await (await creator.PostAsync("/api/v2/incidents", Http.Json(body))).ErrorAsync(HttpStatusCode.Forbidden);
        var selfFromCase = await UserAsync("self", """{"case":["read","incident_from_case"],"incident":["read","create"]}""");
        await (await selfFromCase.PostAsync("/api/v2/incidents", Http.Json(body))).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await server.CountRecordsAsync());

        await (await admin.PostAsync("/api/v2/incidents", Http.Json("""{"data":{"module_id":"primeromodule-gbv","incident_case_id":"nope"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.PostAsync("/api/v2/incidents", Http.Json($$$"""{"data":{"module_id":"primeromodule-gbv","incident_case_id":"{{{Guid.NewGuid()}}}"}}""")))
            .ErrorAsync(HttpStatusCode.NotFound);
        var fromCase = await UserAsync("all", """{"case":["read","incident_from_case"],"incident":["read","create"]}""");
        var created = (await (await fromCase.PostAsync("/api/v2/incidents", Http.Json(body))).OkBodyAsync())["data"]!;
        Assert.Equal(caseId, created["incident_case_id"].Str());
    }

    [Fact]
    public async Task PostIncident_FromSomeoneElsesCase_AlertsTheCaseOwnerOnce_AndFromTheirOwnCaseDoesNot()
    {
        var admin = server.AsAdmin();
        var caseId = await GbvCaseAsync(admin);
        await CreateIncidentAsync(admin, caseId);
        Assert.Empty((await (await admin.GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray());

        var other = await UserAsync("all", """{"case":["read","incident_from_case"],"incident":["read","create"]}""");
        await CreateIncidentAsync(other, caseId);
        await CreateIncidentAsync(other, caseId);
        var alert = Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Equal("incident_from_case", alert["alert_for"].Str());
        Assert.Equal("incident_from_case", alert["form_unique_id"].Str());
        Assert.Equal(1, (await (await admin.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!["alert_count"]!.GetValue<int>());
    }
}

public sealed class IncidentsFromCaseTests_Sqlite(SqliteServer server) : IncidentsFromCaseTests(server), IClassFixture<SqliteServer>;

public sealed class IncidentsFromCaseTests_Postgres(PostgresServer server) : IncidentsFromCaseTests(server), IClassFixture<PostgresServer>;
