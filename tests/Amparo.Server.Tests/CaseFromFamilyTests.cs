using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>New cases from family members: mapped through the form engine, tied to the family, only from what the user may read.</summary>
public abstract class CaseFromFamilyTests(AmparoServer server) : ServerTests(server)
{
    // The default configuration's family forms (family_members holds the members subform).
    private const string Forms = """{"basic_identity":"rw","family_details":"rw","family_overview":"rw","family_members":"rw"}""";

    private async Task<(string FamilyId, string MemberId)> FamilyAsync(HttpClient client)
    {
        var family = (await (await client.PostAsync("/api/v2/families", Http.Json("""
            {"data":{"module_id":"primeromodule-cp","family_number":"F-9","family_members":[{"relation_name":"Ana Maria Lopez","relation_sex":"female","relation_age":9}]}}
            """))).OkBodyAsync())["data"]!;
        return (family["id"].Str(), family["family_members"]![0]!["unique_id"].Str());
    }

    private async Task<HttpClient> UserAsync(string scope, string permissions, string forms = Forms)
    {
        var role = "role-fam-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        return server.As(user, password);
    }

    [Fact]
    public async Task PostFamilyCase_CreatesACaseFromTheMember_TiedToTheFamily_OwnedByTheCaller()
    {
        var worker = await UserAsync("self", """{"case":["read","create"],"family":["read","create","case_from_family"]}""");
        var (familyId, memberId) = await FamilyAsync(worker);
        var answer = (await (await worker.PostAsync($"/api/v2/families/{familyId}/case", Http.Json($$$"""{"data":{"family_member_id":"{{{memberId}}}"}}"""))).OkBodyAsync())["data"]!;
        Assert.Equal(familyId, answer["id"].Str());
        Assert.Equal(memberId, answer["family_members"]![0]!["unique_id"].Str());
        var record = answer["record"]!;
        Assert.Equal(memberId, record["family_member_id"].Str());
        Assert.False(string.IsNullOrEmpty(record["case_id_display"].Str()));

        var created = (await (await worker.GetAsync($"/api/v2/cases/{record["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("Ana", created["name_first"].Str());
        Assert.Equal("Maria", created["name_middle"].Str());
        Assert.Equal("Lopez", created["name_last"].Str());
        Assert.Equal("female", created["sex"].Str());
        Assert.Equal(9, created["age"]!.GetValue<int>());
        Assert.Equal(familyId, created["family_id"].Str());
        Assert.Equal(memberId, created["family_member_id"].Str());
        Assert.Equal(record["case_id_display"].Str(), created["case_id_display"].Str());
    }

    [Fact]
    public async Task PostFamilyCase_WithoutThePermission_OrAFamilyOutOfScope_IsForbidden_AndCreatesNothing()
    {
        var admin = server.AsAdmin();
        var (familyId, memberId) = await FamilyAsync(admin);
        var body = $$$"""{"data":{"family_member_id":"{{{memberId}}}"}}""";
        var before = await server.CountRecordsAsync();
        var noAction = await UserAsync("all", """{"case":["read","create"],"family":["read"]}""");
        await (await noAction.PostAsync($"/api/v2/families/{familyId}/case", Http.Json(body))).ErrorAsync(HttpStatusCode.Forbidden);
        var stranger = await UserAsync("self", """{"case":["read","create"],"family":["read","case_from_family"]}""");
        await (await stranger.PostAsync($"/api/v2/families/{familyId}/case", Http.Json(body))).ErrorAsync(HttpStatusCode.Forbidden);
        // Without the family form, the members are not the user's to see, nor to copy.
        var blind = await UserAsync("all", """{"case":["read","create"],"family":["read","case_from_family"]}""", """{"basic_identity":"rw"}""");
        await (await blind.PostAsync($"/api/v2/families/{familyId}/case", Http.Json(body))).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await server.CountRecordsAsync());
    }

    [Fact]
    public async Task PostFamilyCase_WithoutOrWithAnUnknownMember_IsRefused()
    {
        var admin = server.AsAdmin();
        var (familyId, _) = await FamilyAsync(admin);
        Assert.Equal("family_member_id", (await (await admin.PostAsync($"/api/v2/families/{familyId}/case", Http.Json("""{"data":{}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        await (await admin.PostAsync($"/api/v2/families/{familyId}/case", Http.Json("""{"family_member_id":"x"}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.PostAsync($"/api/v2/families/{familyId}/case", Http.Json("""{"data":{"family_member_id":"no-such-member"}}"""))).ErrorAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync($"/api/v2/families/{Guid.NewGuid()}/case", Http.Json("""{"data":{"family_member_id":"m"}}"""))).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostCaseFamily_CreatesACaseFromAFamilyDetailRow_OfACaseInScope()
    {
        var worker = await UserAsync("self", """{"case":["read","create","write","case_from_family"]}""");
        var source = await worker.CreateCaseAsync("""{"name_first":"Bea","family_details_section":[{"relation_name":"Carlos Ruiz","relation":"father","relation_telephone":"+34 600 000 000"}]}""");
        var rowId = source["family_details_section"]![0]!["unique_id"].Str();
        var answer = (await (await worker.PostAsync($"/api/v2/cases/{source["id"].Str()}/family", Http.Json($$$"""{"data":{"family_detail_id":"{{{rowId}}}"}}"""))).OkBodyAsync())["data"]!;
        Assert.Equal(source["id"].Str(), answer["id"].Str());
        Assert.Equal(rowId, answer["family_details_section"]![0]!["unique_id"].Str());
        var created = (await (await worker.GetAsync($"/api/v2/cases/{answer["record"]!["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("Carlos", created["name_first"].Str());
        Assert.Equal("Ruiz", created["name_last"].Str());
        Assert.Equal("+34 600 000 000", created["telephone_current"].Str());
        Assert.Equal(answer["record"]!["case_id_display"].Str(), created["case_id_display"].Str());
        Assert.Null(answer["record"]!["family_member_id"]); // the row belongs to no family record yet
        Assert.Null(created["family_id"]);

        Assert.Equal("family_detail_id", (await (await worker.PostAsync($"/api/v2/cases/{source["id"].Str()}/family", Http.Json("""{"data":{"family_detail_id":7}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        await (await worker.PostAsync($"/api/v2/cases/{source["id"].Str()}/family", Http.Json("""{"data":{"family_detail_id":"nope"}}"""))).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostCaseFamily_WithoutThePermission_OrACaseOutOfScope_IsForbidden()
    {
        var admin = server.AsAdmin();
        var source = await admin.CreateCaseAsync("""{"name_first":"Dani","family_details_section":[{"relation_name":"Eva"}]}""");
        var body = $$$"""{"data":{"family_detail_id":"{{{source["family_details_section"]![0]!["unique_id"].Str()}}}"}}""";
        var url = $"/api/v2/cases/{source["id"].Str()}/family";
        var before = await server.CountRecordsAsync();
        await (await (await UserAsync("all", """{"case":["read","create","write"]}""")).PostAsync(url, Http.Json(body))).ErrorAsync(HttpStatusCode.Forbidden);
        await (await (await UserAsync("self", """{"case":["read","create","case_from_family"]}""")).PostAsync(url, Http.Json(body))).ErrorAsync(HttpStatusCode.Forbidden);
        await (await (await UserAsync("all", """{"case":["read","create","case_from_family"]}""", """{"basic_identity":"rw"}""")).PostAsync(url, Http.Json(body)))
            .ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await server.CountRecordsAsync());
    }
}

public sealed class CaseFromFamilyTests_Sqlite(SqliteServer server) : CaseFromFamilyTests(server), IClassFixture<SqliteServer>;

public sealed class CaseFromFamilyTests_Postgres(PostgresServer server) : CaseFromFamilyTests(server), IClassFixture<PostgresServer>;
