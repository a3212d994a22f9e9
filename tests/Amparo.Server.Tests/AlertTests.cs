using System.Net;

namespace Amparo.Server.Tests;

/// <summary>Alerts: the owner learns when someone else changed a form; saving that form, or removing the alert, clears it.</summary>
public abstract class AlertTests(AmparoServer server) : ServerTests(server)
{
    private async Task<HttpClient> WithRoleAsync(string permissions, string scope = "all")
    {
        var role = "role-alert-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions);
        var (user, password) = await server.CreateUserAsync(scope, roleUniqueId: role);
        return server.As(user, password);
    }

    [Fact]
    public async Task SomeoneElsesChange_AlertsTheOwner_UntilTheOwnerSavesThatForm()
    {
        var owner = await WithRoleAsync("""{"case":["read","create","write"]}""", "self");
        var id = (await owner.CreateCaseAsync("""{"name_first":"Huda"}"""))["id"].Str();
        Assert.Equal(0, (await (await owner.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["alert_count"]!.GetValue<int>());

        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_last":"Karim"}}""")).OkBodyAsync();
        var alerts = (await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray();
        var alert = Assert.Single(alerts)!;
        Assert.Equal("field_change", alert["alert_for"].Str());
        Assert.Equal("basic_identity", alert["form_unique_id"].Str());
        Assert.Equal(1, (await (await owner.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["alert_count"]!.GetValue<int>());
        Assert.True((await (await owner.GetAsync("/api/v2/alerts")).OkBodyAsync())["data"]!["case"]!.GetValue<int>() >= 1);

        // A second change to the same form does not pile up alerts.
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_last":"Karimi"}}""")).OkBodyAsync();
        Assert.Single((await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray());

        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_middle":"N"}}""")).OkBodyAsync();
        Assert.Empty((await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray());
        Assert.Equal(0, (await (await owner.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["alert_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task NoteAddedBySomeoneElse_AlertsTheOwnerOnTheNotesForm_UntilTheOwnerAddsANote()
    {
        // Primero maps notes_section to the notes form (changes_field_to_form): a supervisor's note is a change the owner should see.
        var ownerRole = "role-alert-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(ownerRole, "self", """{"case":["read","create","write","add_note"]}""", """{"basic_identity":"rw","notes":"rw"}""");
        var (ownerName, ownerPassword) = await server.CreateUserAsync("self", roleUniqueId: ownerRole);
        var owner = server.As(ownerName, ownerPassword);
        var supervisorRole = "role-alert-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(supervisorRole, "all", """{"case":["read","add_note"]}""", """{"basic_identity":"r","notes":"r"}""");
        var (supervisorName, supervisorPassword) = await server.CreateUserAsync("all", roleUniqueId: supervisorRole);
        var supervisor = server.As(supervisorName, supervisorPassword);
        var id = (await owner.CreateCaseAsync("""{"name_first":"Rana"}"""))["id"].Str();

        await (await supervisor.PatchJsonAsync($"/api/v2/cases/{id}", """{"record_action":"add_note","data":{"notes_section":[{"note_subject":"Visit this week"}]}}""")).OkBodyAsync();
        var alert = Assert.Single((await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Equal("field_change", alert["alert_for"].Str());
        Assert.Equal("notes", alert["form_unique_id"].Str());

        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}", """{"record_action":"add_note","data":{"notes_section":[{"note_subject":"Seen"}]}}""")).OkBodyAsync();
        Assert.Empty((await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray());
        Assert.Equal(0, (await (await owner.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["alert_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task RemovingAnAlert_NeedsRemoveAlert_AndAnUnknownOneIs404()
    {
        var owner = await WithRoleAsync("""{"case":["read","create","write","remove_alert"]}""", "self");
        var id = (await owner.CreateCaseAsync("""{"name_first":"Iman"}"""))["id"].Str();
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":4}}""")).OkBodyAsync();
        var uid = (await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]![0]!["unique_id"].Str();

        var reader = await WithRoleAsync("""{"case":["read"]}""");
        await (await reader.DeleteAsync($"/api/v2/cases/{id}/alerts/{uid}")).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v2/cases/{id}/alerts/{uid}")).StatusCode);
        await (await owner.DeleteAsync($"/api/v2/cases/{id}/alerts/{uid}")).ErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await owner.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["alert_count"]!.GetValue<int>());
    }
}

public sealed class AlertTests_Sqlite(SqliteServer server) : AlertTests(server), IClassFixture<SqliteServer>;

public sealed class AlertTests_Postgres(PostgresServer server) : AlertTests(server), IClassFixture<PostgresServer>;
