using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>The five record collections, narrow updates (record_action), disabling, and the case workflow.</summary>
public abstract class RecordTypeTests(AmparoServer server) : ServerTests(server)
{
    private async Task<(string User, string Password)> UserWithAsync(string permissions)
    {
        var role = "role-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "all", permissions, """{"basic_identity":"rw","closure":"rw"}""");
        return await server.CreateUserAsync(roleUniqueId: role);
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, string body) =>
        client.PatchAsync(url, Http.Json(body));

    [Fact]
    public async Task Incidents_AreCreatedListedAndShown_InTheirModule_WithTheirOwnIdentifiers()
    {
        var admin = server.AsAdmin();
        var gbv = await (await admin.PostAsync("/api/v2/incidents", Http.Json("""{"data":{"module_id":"primeromodule-gbv","date_of_first_report":"2026-11-01"}}"""))).OkBodyAsync();
        var id = gbv["data"]!["id"].Str();
        var shown = (await (await admin.GetAsync($"/api/v2/incidents/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal("primeromodule-gbv", shown["module_id"].Str());
        Assert.Equal(shown["unique_identifier"].Str(), shown["incident_id"].Str());
        Assert.Equal(shown["short_id"].Str(), shown["incident_code"].Str());
        Assert.Null(shown["case_id"]);
        var listed = (await (await admin.GetAsync($"/api/v2/incidents?short_id={shown["short_id"].Str()}")).OkBodyAsync())["data"]!.AsArray();
        Assert.Single(listed);
        // A case id is not an incident.
        await (await admin.GetAsync($"/api/v2/cases/{id}")).ErrorAsync(HttpStatusCode.NotFound);

        var missing = await (await admin.PostAsync("/api/v2/incidents", Http.Json("""{"data":{"module_id":"primeromodule-mrm"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/incident_date"], missing["detail"]!.AsArray().Select(d => d.Str()));
        // Two modules keep incidents: the client must say which.
        var ambiguous = await (await admin.PostAsync("/api/v2/incidents", Http.Json("""{"data":{"incident_date":"2026-11-01"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/module_id"], ambiguous["detail"]!.AsArray().Select(d => d.Str()));
    }

    [Fact]
    public async Task RecordTypes_InAModuleThatDoesNotKeepThem_CannotBeCreated_ButTheirCollectionsAnswer()
    {
        var admin = server.AsAdmin();
        foreach (var path in new[] { "tracing_requests", "families", "registry_records" })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v2/{path}")).StatusCode);
            var error = await (await admin.PostAsync($"/api/v2/{path}", Http.Json("""{"data":{"module_id":"primeromodule-gbv","name_first":"x"}}""")))
                .ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(["/module_id"], error["detail"]!.AsArray().Select(d => d.Str()));
        }
    }

    [Fact]
    public async Task Close_WithTheClosePermissionButNotWrite_ClosesDatesAndMovesTheWorkflow_ThenReopenLogsIt()
    {
        var (user, password) = await UserWithAsync("""{"case":["read","create","close","reopen"]}""");
        var client = server.As(user, password);
        var id = (await client.CreateCaseAsync("""{"name_first":"Dalia"}"""))["id"].Str();

        // Without record_action the same request needs write, which this role lacks.
        await (await PatchAsync(client, $"/api/v2/cases/{id}", """{"data":{"status":"closed"}}""")).ErrorAsync(HttpStatusCode.Forbidden);

        var closed = (await (await PatchAsync(client, $"/api/v2/cases/{id}", """{"record_action":"close","data":{"status":"closed"}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("closed", closed["status"].Str());
        Assert.Equal("closed", closed["workflow"].Str());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), closed["date_closure"].Str());

        var reopened = (await (await PatchAsync(client, $"/api/v2/cases/{id}", """{"record_action":"reopen","data":{"status":"open","case_status_reopened":true}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("open", reopened["status"].Str());
        Assert.Equal("reopened", reopened["workflow"].Str());
        Assert.Equal(user, reopened["reopened_logs"]![0]!["reopened_user"].Str());
    }

    [Fact]
    public async Task StatusAndRecordState_DoNotChangeThroughAnOrdinaryUpdate()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Rami"}"""))["id"].Str();
        await (await PatchAsync(admin, $"/api/v2/cases/{id}", """{"data":{"status":"closed","record_state":false,"workflow":"closed","name_last":"Aziz"}}""")).OkBodyAsync();
        var record = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal("open", record["status"].Str());
        Assert.True(record["enabled"]!.GetValue<bool>());
        Assert.Equal("new", record["workflow"].Str());
        Assert.Equal("Aziz", record["name_last"].Str());
    }

    [Fact]
    public async Task WrongRecordAction_OrWrongActionValue_Is422_AndChangesNothing()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Nada"}"""))["id"].Str();
        await (await PatchAsync(admin, $"/api/v2/cases/{id}", """{"record_action":"explode","data":{}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var wrong = await (await PatchAsync(admin, $"/api/v2/cases/{id}", """{"record_action":"close","data":{"status":"open"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/status"], wrong["detail"]!.AsArray().Select(d => d.Str()));
        Assert.Equal("open", (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["status"].Str());
    }

    [Fact]
    public async Task Delete_DisablesTheRecord_AndNeedsTheEnableDisablePermission()
    {
        var (user, password) = await UserWithAsync("""{"case":["read","create","write"]}""");
        var client = server.As(user, password);
        var id = (await client.CreateCaseAsync("""{"name_first":"Hiba"}"""))["id"].Str();
        await (await client.DeleteAsync($"/api/v2/cases/{id}")).ErrorAsync(HttpStatusCode.Forbidden);

        var admin = server.AsAdmin();
        Assert.Equal(id, (await (await admin.DeleteAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["id"].Str());
        var record = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.False(record["enabled"]!.GetValue<bool>());
        var enabled = (await (await PatchAsync(admin, $"/api/v2/cases/{id}", """{"record_action":"enable_disable_record","data":{"record_state":true}}""")).OkBodyAsync())["data"]!;
        Assert.True(enabled["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AddNote_WithoutWrite_AppendsAStampedNote_AndNeverEditsExistingOnes()
    {
        var role = "role-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "all", """{"case":["read","add_note"]}""", """{"basic_identity":"r","notes":"r"}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        var client = server.As(user, password);
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Joud","notes_section":[{"note_subject":"First visit","note_text":"All well"}]}"""))["id"].Str();
        var first = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["notes_section"]![0]!["unique_id"].Str();

        await (await PatchAsync(client, $"/api/v2/cases/{id}", """{"data":{"notes_section":[{"note_subject":"Call"}]}}""")).ErrorAsync(HttpStatusCode.Forbidden);
        var added = (await (await PatchAsync(client, $"/api/v2/cases/{id}", """{"record_action":"add_note","data":{"notes_section":[{"note_subject":"Phone call","note_text":"Mother called"}],"name_first":"Changed"}}""")).OkBodyAsync())["data"]!;
        var notes = added["notes_section"]!.AsArray();
        Assert.Equal(2, notes.Count);
        Assert.Equal("First visit", notes[0]!["note_subject"].Str());
        Assert.Equal(user, notes[1]!["note_created_by"].Str());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), notes[1]!["note_date"].Str());
        Assert.Equal("Joud", (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["name_first"].Str());

        var edit = await PatchAsync(client, $"/api/v2/cases/{id}", $$"""{"record_action":"add_note","data":{"notes_section":[{"unique_id":"{{first}}","note_subject":"Rewritten"}]} }""");
        await edit.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var missing = await (await PatchAsync(client, $"/api/v2/cases/{id}", """{"record_action":"add_note","data":{"notes_section":[{"note_text":"no subject"}]}}"""))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/notes_section/0/note_subject"], missing["detail"]!.AsArray().Select(d => d.Str()));
    }

    [Fact]
    public async Task Workflow_FollowsAssessmentCasePlanAndServices_AsTheCpModuleConfiguresIt()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Yara"}"""))["id"].Str();
        var assessed = (await (await PatchAsync(admin, $"/api/v2/cases/{id}", """{"data":{"assessment_requested_on":"2026-11-20"}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("assessment", assessed["workflow"].Str());
        var planned = (await (await PatchAsync(admin, $"/api/v2/cases/{id}", """{"data":{"date_case_plan":"2026-11-21"}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("case_plan", planned["workflow"].Str());
        var served = (await (await PatchAsync(admin, $"/api/v2/cases/{id}",
            """{"data":{"services_section":[{"service_type":"health_medical_service","service_implemented":"implemented","service_implemented_day_time":"2026-11-22T10:00:00.000Z"}]}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("services_implemented", served["workflow"].Str());
    }
}

public sealed class RecordTypeTests_Sqlite(SqliteServer server) : RecordTypeTests(server), IClassFixture<SqliteServer>;

public sealed class RecordTypeTests_Postgres(PostgresServer server) : RecordTypeTests(server), IClassFixture<PostgresServer>;
