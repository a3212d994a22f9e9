using System.Net;

namespace Amparo.Server.Tests;

/// <summary>
/// The access holes of Primero listed in primero-domain.md §16 (and §3.3, §3.6) that concern records and roles in
/// general, each closed and named here. The holes of particular features are tested beside them, under the same
/// <c>Hole_</c> prefix: family and registry reads (DefaultRecordTypesTests), self-registration (SelfRegistrationTests),
/// the change log (HistoryTests), consent override and transfer answers (transitions), approvals.
/// </summary>
public abstract class PrimeroHoleTests(AmparoServer server) : ServerTests(server)
{
    private async Task<HttpClient> WithRoleAsync(string permissions, string forms = """{"basic_identity":"rw"}""", string scope = "all")
    {
        var role = "role-hole-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        var (user, password) = await server.CreateUserAsync(scope, roleUniqueId: role);
        return server.As(user, password);
    }

    /// <summary>§3.6: "change-log (record history) responses are not field-filtered".</summary>
    [Fact]
    public async Task Hole_ChangeLog_ShowsOnlyChangesToFieldsTheViewerMayRead()
    {
        var admin = server.AsAdmin();
        var created = await admin.CreateCaseAsync("""{"name_first":"Layla","protection_concerns":["trafficked_smuggled"],"age":7}""");
        var id = created["id"].Str();
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"risk_level":"high"}}""")).OkBodyAsync();
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":8}}""")).OkBodyAsync();

        // This role reads basic identity only: the protection-concern form's changes are not its to see.
        var viewer = await WithRoleAsync("""{"case":["read","change_log"]}""", """{"basic_identity":"r"}""");
        var history = (await (await viewer.GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync())["data"]!.AsArray();
        var fields = history.SelectMany(h => h!["record_changes"]!.AsArray()).SelectMany(c => c!.AsObject().Select(kv => kv.Key)).ToHashSet();
        Assert.Contains("age", fields);
        Assert.DoesNotContain("risk_level", fields);
        Assert.DoesNotContain("protection_concerns", fields);
        // The update that touched only the hidden field is not listed either.
        Assert.Equal(["update", "create"], history.Select(h => h!["action"].Str()));

        var full = (await (await admin.GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(3, full.Count);
        Assert.Contains(full.SelectMany(h => h!["record_changes"]!.AsArray()), c => c!["risk_level"]?["to"]?.Str() == "high");
    }

    /// <summary>§16: "plain updates may set status/record_state/owned_by".</summary>
    [Fact]
    public async Task Hole_PlainUpdate_CannotSetStatusRecordStateOrOwner()
    {
        var client = await WithRoleAsync("""{"case":["read","create","write"]}""");
        var created = await client.CreateCaseAsync("""{"name_first":"Owned"}""");
        await (await client.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}",
            """{"data":{"status":"closed","record_state":false,"owned_by":"someone_else","module_id":"primeromodule-gbv","created_by":"x","workflow":"closed"}}""")).OkBodyAsync();
        var shown = (await (await client.GetAsync($"/api/v2/cases/{created["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("open", shown["status"].Str());
        Assert.True(shown["record_state"]!.GetValue<bool>());
        Assert.Equal(created["owned_by"].Str(), shown["owned_by"].Str());
        Assert.Equal("primeromodule-cp", shown["module_id"].Str());
        Assert.Equal("new", shown["workflow"].Str());
    }

    /// <summary>§16: "record_action requests need only read + the action (no write) yet accept all rw fields".</summary>
    [Fact]
    public async Task Hole_RecordAction_DoesNotLetAReadOnlyRoleWriteFormFields()
    {
        var created = await server.AsAdmin().CreateCaseAsync("""{"name_first":"Original"}""");
        var reader = await WithRoleAsync("""{"case":["read","close","reopen","enable_disable_record"]}""");
        // The close itself is allowed (the role holds "close"); the form answer riding along is not written.
        var response = await reader.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}",
            """{"data":{"name_first":"Changed","status":"closed"},"record_action":"close"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{created["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("Original", stored["name_first"].Str());
        Assert.Equal("closed", stored["status"].Str());
        // And without the action's permission nothing happens at all.
        var plain = await WithRoleAsync("""{"case":["read"]}""");
        var refused = await plain.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}", """{"data":{"record_state":false},"record_action":"enable_disable_record"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>§3.3: "`manage` does not unlock the action-specific schemas": in Amparo, manage grants every action.</summary>
    [Fact]
    public async Task Hole_Manage_GrantsEveryActionOfItsResource()
    {
        var manager = await WithRoleAsync("""{"case":["manage"]}""");
        var created = await manager.CreateCaseAsync("""{"name_first":"Managed"}""");
        Assert.Equal(HttpStatusCode.OK, (await manager.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}", """{"data":{"age":3}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/v2/cases")).StatusCode);
    }

    /// <summary>§3.3: "`cannot` is implemented as `can`": a permission not listed is never granted, whatever else is.</summary>
    [Fact]
    public async Task Hole_UnlistedPermission_IsNeverGranted()
    {
        var client = await WithRoleAsync("""{"case":["read"],"user":["manage"],"role":["manage"]}""");
        await (await client.PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_first":"x"}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v2/audit_logs")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync("/api/v2/agencies", Http.Json("""{"data":{"agency_code":"X","name":{"en":"X"}}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>§3.6 gap: "the writable schema always contains status, record_state, owned_by, module_id, created_at" — on create too.</summary>
    [Fact]
    public async Task Hole_Create_CannotSetSystemFields()
    {
        var client = await WithRoleAsync("""{"case":["read","create"]}""");
        var created = await client.CreateCaseAsync("""{"name_first":"New","status":"closed","owned_by":"admin","created_at":"2001-01-01T00:00:00.000Z","record_state":false}""");
        Assert.Equal("open", created["status"].Str());
        Assert.NotEqual("admin", created["owned_by"].Str());
        Assert.NotEqual("2001-01-01T00:00:00.000Z", created["created_at"].Str());
        Assert.True(created["enabled"]!.GetValue<bool>());
    }

    /// <summary>§16 "stale access until the job runs": covered by GroupAccess_FollowsMembershipChanges_Immediately; here the agency.</summary>
    [Fact]
    public async Task Hole_AgencyAccess_FollowsAgencyChanges_Immediately()
    {
        var a = await server.CreateAgencyAsync();
        var b = await server.CreateAgencyAsync();
        var (owner, ownerPw) = await server.CreateUserAsync(agencyId: a);
        var record = await server.As(owner, ownerPw).CreateCaseAsync("""{"name_first":"Agency"}""");
        var (viewer, viewerPw) = await server.CreateUserAsync("agency", agencyId: a);
        var url = $"/api/v2/cases/{record["id"].Str()}";
        Assert.Equal(HttpStatusCode.OK, (await server.As(viewer, viewerPw).GetAsync(url)).StatusCode);

        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/users/{await server.UserIdAsync(owner)}", $$"""{"data":{"agency_id":{{b}}} }""")).OkBodyAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await server.As(viewer, viewerPw).GetAsync(url)).StatusCode);
    }
}

public sealed class PrimeroHoleTests_Sqlite(SqliteServer server) : PrimeroHoleTests(server), IClassFixture<SqliteServer>;

public sealed class PrimeroHoleTests_Postgres(PostgresServer server) : PrimeroHoleTests(server), IClassFixture<PostgresServer>;
