using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>Case relationships: one link, typed from the case in the path, only between cases the user may open.</summary>
public abstract class CaseRelationshipTests(AmparoServer server) : ServerTests(server)
{
    private const string Both = """{"case":["read","create","write","view_case_relationships","update_case_relationships"]}""";

    private async Task<HttpClient> UserAsync(string scope, string permissions)
    {
        var role = "role-rel-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions);
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        return server.As(user, password);
    }

    private static async Task<string> CaseAsync(HttpClient client, string name) => (await client.CreateCaseAsync($$"""{"name_first":"{{name}}"}"""))["id"].Str();

    private static Task<HttpResponseMessage> LinkAsync(HttpClient client, string from, string to, string type = "farm_for", bool? primary = null) =>
        client.PostAsync($"/api/v2/cases/{from}/case_relationships", Http.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["case_id"] = to, ["relationship_type"] = type, ["primary"] = primary },
        }));

    [Fact]
    public async Task Post_LinksTwoCases_AndEachSideReadsTheTypeFromItself()
    {
        var admin = server.AsAdmin();
        var farm = await CaseAsync(admin, "Farm");
        var farmer = await CaseAsync(admin, "Farmer");
        var created = (await (await LinkAsync(admin, farm, farmer, primary: true)).OkBodyAsync())["data"]!;
        Assert.Equal(farmer, created["case_id"].Str());
        Assert.Equal("farm_for", created["relationship_type"].Str());
        Assert.True(created["primary"]!.GetValue<bool>());
        Assert.False(created["disabled"]!.GetValue<bool>());
        Assert.Equal(farmer, created["data"]!["id"].Str());
        Assert.True(created["data"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("Farmer", created["data"]!["name"].Str());

        var fromFarmer = Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{farmer}/case_relationships")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Equal(created["id"].Str(), fromFarmer["id"].Str());
        Assert.Equal(farm, fromFarmer["case_id"].Str());
        Assert.Equal("farmer_on", fromFarmer["relationship_type"].Str());
        Assert.Equal("Farm", fromFarmer["data"]!["name"].Str());
        Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{farmer}/case_relationships?relationship_type=farmer_on")).OkBodyAsync())["data"]!.AsArray());
        Assert.Empty((await (await admin.GetAsync($"/api/v2/cases/{farmer}/case_relationships?relationship_type=farm_for")).OkBodyAsync())["data"]!.AsArray());

        // The same link from the other side is the same link.
        await (await LinkAsync(admin, farmer, farm, "farmer_on")).ErrorAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PatchAndDelete_SetPrimaryAndDisable_AndAnotherPrimaryClearsTheFirst()
    {
        var admin = server.AsAdmin();
        var farm = await CaseAsync(admin, "Farm");
        var first = await CaseAsync(admin, "First");
        var second = await CaseAsync(admin, "Second");
        var a = (await (await LinkAsync(admin, farm, first, primary: true)).OkBodyAsync())["data"]!["id"].Str();
        var b = (await (await LinkAsync(admin, farm, second)).OkBodyAsync())["data"]!["id"].Str();

        var patched = (await (await admin.PatchJsonAsync($"/api/v2/cases/{farm}/case_relationships/{b}", """{"data":{"primary":true}}""")).OkBodyAsync())["data"]!;
        Assert.True(patched["primary"]!.GetValue<bool>());
        var list = (await (await admin.GetAsync($"/api/v2/cases/{farm}/case_relationships")).OkBodyAsync())["data"]!.AsArray();
        Assert.False(list.Single(r => r!["id"].Str() == a)!["primary"]!.GetValue<bool>());

        var deleted = (await (await admin.DeleteAsync($"/api/v2/cases/{farm}/case_relationships/{a}")).OkBodyAsync())["data"]!;
        Assert.True(deleted["disabled"]!.GetValue<bool>());
        Assert.Equal(first, deleted["case_id"].Str());
        // Disabled, not gone: seen from the other side too, and it can be enabled again.
        var fromFirst = Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{first}/case_relationships")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.True(fromFirst["disabled"]!.GetValue<bool>());
        var enabled = (await (await admin.PatchJsonAsync($"/api/v2/cases/{first}/case_relationships/{a}", """{"data":{"disabled":false}}""")).OkBodyAsync())["data"]!;
        Assert.False(enabled["disabled"]!.GetValue<bool>());
        Assert.Equal("farmer_on", enabled["relationship_type"].Str());
    }

    [Fact]
    public async Task Relationships_WithoutTheirPermissions_AreForbidden()
    {
        var admin = server.AsAdmin();
        var farm = await CaseAsync(admin, "Farm");
        var farmer = await CaseAsync(admin, "Farmer");
        var rel = (await (await LinkAsync(admin, farm, farmer)).OkBodyAsync())["data"]!["id"].Str();
        var reader = await UserAsync("all", """{"case":["read","write"]}""");
        await (await reader.GetAsync($"/api/v2/cases/{farm}/case_relationships")).ErrorAsync(HttpStatusCode.Forbidden);
        var viewer = await UserAsync("all", """{"case":["read","view_case_relationships"]}""");
        Assert.Single((await (await viewer.GetAsync($"/api/v2/cases/{farm}/case_relationships")).OkBodyAsync())["data"]!.AsArray());
        await (await LinkAsync(viewer, farm, farmer)).ErrorAsync(HttpStatusCode.Forbidden);
        await (await viewer.PatchJsonAsync($"/api/v2/cases/{farm}/case_relationships/{rel}", """{"data":{"primary":true}}""")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await viewer.DeleteAsync($"/api/v2/cases/{farm}/case_relationships/{rel}")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Relationships_ToCasesOutOfScope_AreNeitherMadeNorListedNorChanged()
    {
        var admin = server.AsAdmin();
        var worker = await UserAsync("self", Both);
        var own = await CaseAsync(worker, "Own");
        var hidden = await CaseAsync(admin, "Hidden");
        var ownOther = await CaseAsync(worker, "OwnOther");
        // Linking to, or from, a case the worker may not open.
        await (await LinkAsync(worker, own, hidden)).ErrorAsync(HttpStatusCode.Forbidden);
        await (await LinkAsync(worker, hidden, own)).ErrorAsync(HttpStatusCode.Forbidden);
        await (await worker.GetAsync($"/api/v2/cases/{hidden}/case_relationships")).ErrorAsync(HttpStatusCode.Forbidden);

        // A link someone else made to a hidden case: not listed, not changeable, nothing of that case shown.
        var secret = (await (await LinkAsync(admin, own, hidden)).OkBodyAsync())["data"]!["id"].Str();
        var visible = (await (await LinkAsync(worker, own, ownOther)).OkBodyAsync())["data"]!["id"].Str();
        var listed = (await (await worker.GetAsync($"/api/v2/cases/{own}/case_relationships")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(visible, Assert.Single(listed)!["id"].Str());
        Assert.DoesNotContain("Hidden", listed.ToJsonString());
        await (await worker.PatchJsonAsync($"/api/v2/cases/{own}/case_relationships/{secret}", """{"data":{"disabled":true}}""")).ErrorAsync(HttpStatusCode.NotFound);
        await (await worker.DeleteAsync($"/api/v2/cases/{own}/case_relationships/{secret}")).ErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, (await (await admin.GetAsync($"/api/v2/cases/{own}/case_relationships")).OkBodyAsync())["data"]!.AsArray().Count(r => !r!["disabled"]!.GetValue<bool>()));
        // A link id of another case is not found through this one.
        await (await admin.PatchJsonAsync($"/api/v2/cases/{hidden}/case_relationships/{visible}", """{"data":{"primary":true}}""")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Relationships_WithBadInput_AreUnprocessable()
    {
        var admin = server.AsAdmin();
        var farm = await CaseAsync(admin, "Farm");
        var farmer = await CaseAsync(admin, "Farmer");
        Assert.Equal("case_id", (await (await LinkAsync(admin, farm, "not-an-id")).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        Assert.Equal("case_id", (await (await LinkAsync(admin, farm, farm)).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        Assert.Equal("relationship_type", (await (await LinkAsync(admin, farm, farmer, "sibling_of")).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        await (await admin.PostAsync($"/api/v2/cases/{farm}/case_relationships", Http.Json("""{"case_id":"x"}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await LinkAsync(admin, farm, Guid.NewGuid().ToString())).ErrorAsync(HttpStatusCode.NotFound);
        var rel = (await (await LinkAsync(admin, farm, farmer)).OkBodyAsync())["data"]!["id"].Str();
        Assert.Equal("primary", (await (await admin.PatchJsonAsync($"/api/v2/cases/{farm}/case_relationships/{rel}", """{"data":{"primary":"yes"}}"""))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        await (await admin.PatchJsonAsync($"/api/v2/cases/{farm}/case_relationships/not-an-id", """{"data":{"primary":true}}""")).ErrorAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await (await admin.GetAsync($"/api/v2/cases/{farm}/case_relationships")).OkBodyAsync())["data"]!.AsArray(), r => r!["primary"]!.GetValue<bool>());
    }
}

public sealed class CaseRelationshipTests_Sqlite(SqliteServer server) : CaseRelationshipTests(server), IClassFixture<SqliteServer>;

public sealed class CaseRelationshipTests_Postgres(PostgresServer server) : CaseRelationshipTests(server), IClassFixture<PostgresServer>;
