using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Roles;

namespace Amparo.Server.Tests;

/// <summary>
/// Tracing requests, families and registry records on a fresh install: the default CP forms and the default case-worker
/// role are enough to register them, a family member becomes a case, and reads of these records are scoped like cases.
/// </summary>
public abstract class DefaultRecordTypesTests(AmparoServer server) : ServerTests(server)
{
    private async Task<HttpClient> CaseWorkerAsync(int? agencyId = null)
    {
        var (user, password) = await server.CreateUserAsync(agencyId: agencyId, roleUniqueId: DefaultRoles.CaseWorker);
        return server.As(user, password);
    }

    private static async Task<JsonNode> CreateAsync(HttpClient client, string path, string data) =>
        (await (await client.PostAsync($"/api/v2/{path}", Http.Json($$"""{"data":{{data}}}"""))).OkBodyAsync())["data"]!;

    private static Task<JsonNode> FamilyAsync(HttpClient client) => CreateAsync(client, "families", """
        {"family_name":"Haddad","family_number":"F-100","family_registration_date":"2026-10-02","family_type":"single_parent",
         "family_members":[{"relation_name":"Nadia Haddad","family_relationship":"mother","relation_sex":"female","relation_age":34,"relation_language":["arabic"]},
                           {"relation_name":"Omar Yusuf Haddad","relation_sex":"male","relation_age":11,"relation_age_estimated":true}]}
        """);

    [Fact]
    public async Task CaseWorker_WithTheDefaultRole_RegistersATracingRequest_WithTheChildrenSought()
    {
        var worker = await CaseWorkerAsync();
        var created = await CreateAsync(worker, "tracing_requests", """
            {"inquiry_date":"2026-11-20","relation_name":"Mariam Saleh","relation_telephone":"+000 555 0101","separation_cause":"conflict",
             "tracing_request_subform_section":[{"name":"Ali Saleh","relation":"mother","sex":"male","age":8,"date_of_separation":"2026-03-01",
                                                 "separation_cause":"conflict","tracing_request_status":"tracing_in_progress"}]}
            """);
        var shown = (await (await worker.GetAsync($"/api/v2/tracing_requests/{created["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("primeromodule-cp", shown["module_id"].Str());
        Assert.Equal("2026-11-20", shown["inquiry_date"].Str());
        Assert.Equal("Mariam Saleh", shown["relation_name"].Str());
        var child = shown["tracing_request_subform_section"]![0]!;
        Assert.Equal("Ali Saleh", child["name"].Str());
        Assert.Equal("tracing_in_progress", child["tracing_request_status"].Str());
        Assert.False(string.IsNullOrEmpty(child["unique_id"].Str()));

        // The list's "tracing requests" column: the names of the children sought, which a text query also finds.
        var listed = (await (await worker.GetAsync("/api/v2/tracing_requests?query=ali%20saleh")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(["Ali Saleh"], Assert.Single(listed)!["tracing_names"]!.AsArray().Select(n => n.Str()));

        // The inquiry date is required, and a child sought needs a name; an answer outside its lookup is refused.
        var missing = await (await worker.PostAsync("/api/v2/tracing_requests", Http.Json("""
            {"data":{"relation_name":"X","tracing_request_subform_section":[{"sex":"female"}]}}
            """))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/inquiry_date", "/tracing_request_subform_section/0/name"], missing["detail"]!.AsArray().Select(d => d.Str()).Order());
        var unknown = await (await worker.PostAsync("/api/v2/tracing_requests", Http.Json("""
            {"data":{"inquiry_date":"2026-11-20","relation_name":"X","separation_cause":"not-a-cause"}}
            """))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/separation_cause"], unknown["detail"]!.AsArray().Select(d => d.Str()));
    }

    [Fact]
    public async Task CaseWorker_WithTheDefaultRole_RegistersAFamilyWithMembers_AndARegistryRecord()
    {
        var worker = await CaseWorkerAsync();
        var family = await FamilyAsync(worker);
        var shown = (await (await worker.GetAsync($"/api/v2/families/{family["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("Haddad", shown["family_name"].Str());
        Assert.Equal("2026-10-02", shown["family_registration_date"].Str());
        Assert.Equal(shown["short_id"].Str(), shown["family_id_display"].Str());
        Assert.Equal(["Nadia Haddad", "Omar Yusuf Haddad"], shown["family_members"]!.AsArray().Select(m => m!["relation_name"].Str()));
        var listed = (await (await worker.GetAsync($"/api/v2/families?short_id={shown["short_id"].Str()}")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal("F-100", Assert.Single(listed)!["family_number"].Str());

        var registry = await CreateAsync(worker, "registry_records", """
            {"registry_type":"foster_care","registry_no":"R-77","name_first":"Grace","name_last":"Otieno","sex":"female","telephone_current":"+000 555 0199"}
            """);
        var entry = (await (await worker.GetAsync($"/api/v2/registry_records/{registry["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("R-77", entry["registry_no"].Str());
        Assert.Equal("Grace Otieno", entry["name"].Str());
        Assert.Equal(entry["short_id"].Str(), entry["registry_id_display"].Str());
        var missingType = await (await worker.PostAsync("/api/v2/registry_records", Http.Json("""{"data":{"name_first":"Rose"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/registry_type"], missingType["detail"]!.AsArray().Select(d => d.Str()));
    }

    [Fact]
    public async Task PostFamilyCase_WithTheDefaultFamilyForm_MapsTheMembersNameSexAgeAndLanguages()
    {
        var worker = await CaseWorkerAsync();
        var family = await FamilyAsync(worker);
        var omar = family["family_members"]!.AsArray().Single(m => m!["relation_name"].Str() == "Omar Yusuf Haddad")!;
        var answer = (await (await worker.PostAsync($"/api/v2/families/{family["id"].Str()}/case",
            Http.Json($$$"""{"data":{"family_member_id":"{{{omar["unique_id"].Str()}}}"}}"""))).OkBodyAsync())["data"]!;
        var created = (await (await worker.GetAsync($"/api/v2/cases/{answer["record"]!["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal("primeromodule-cp", created["module_id"].Str());
        Assert.Equal("Omar", created["name_first"].Str());
        Assert.Equal("Yusuf", created["name_middle"].Str());
        Assert.Equal("Haddad", created["name_last"].Str());
        Assert.Equal("male", created["sex"].Str());
        Assert.Equal(11, created["age"]!.GetValue<int>());
        Assert.True(created["estimated"]!.GetValue<bool>());
        Assert.Equal(family["id"].Str(), created["family_id"].Str());
        Assert.Equal(omar["unique_id"].Str(), created["family_member_id"].Str());

        // The member's languages (a list, as the case's) come across too.
        var nadia = family["family_members"]!.AsArray().Single(m => m!["relation_name"].Str() == "Nadia Haddad")!;
        var second = (await (await worker.PostAsync($"/api/v2/families/{family["id"].Str()}/case",
            Http.Json($$$"""{"data":{"family_member_id":"{{{nadia["unique_id"].Str()}}}"}}"""))).OkBodyAsync())["data"]!;
        var mother = (await (await worker.GetAsync($"/api/v2/cases/{second["record"]!["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal(["arabic"], mother["languages"]!.AsArray().Select(l => l.Str()));
    }

    /// <summary>§16: Primero's Family and RegistryRecord instance reads were not scoped to the user's records.</summary>
    [Fact]
    public async Task Hole_FamilyAndRegistryReads_AreScopedLikeCases()
    {
        var owner = await CaseWorkerAsync(await server.CreateAgencyAsync());
        var stranger = await CaseWorkerAsync(await server.CreateAgencyAsync());
        var family = await FamilyAsync(owner);
        var registry = await CreateAsync(owner, "registry_records", """{"registry_type":"individual","registry_no":"R-SCOPE","name_first":"Joy"}""");
        var paths = new[] { $"families/{family["id"].Str()}", $"registry_records/{registry["id"].Str()}" };

        foreach (var path in paths)
        {
            await (await stranger.GetAsync($"/api/v2/{path}")).ErrorAsync(HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v2/{path}")).StatusCode);
        }
        foreach (var (collection, id) in new[] { ("families", family["id"].Str()), ("registry_records", registry["id"].Str()) })
        {
            var seen = (await (await stranger.GetAsync($"/api/v2/{collection}?per=1000")).OkBodyAsync())["data"]!.AsArray().Select(r => r!["id"].Str());
            Assert.DoesNotContain(id, seen);
            var own = (await (await owner.GetAsync($"/api/v2/{collection}?per=1000")).OkBodyAsync())["data"]!.AsArray().Select(r => r!["id"].Str());
            Assert.Contains(id, own);
        }
        // Nor through a member: a case from someone else's family is not the stranger's to make.
        var member = family["family_members"]![0]!["unique_id"].Str();
        await (await stranger.PostAsync($"/api/v2/families/{family["id"].Str()}/case", Http.Json($$$"""{"data":{"family_member_id":"{{{member}}}"}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class DefaultRecordTypesTests_Sqlite(SqliteServer server) : DefaultRecordTypesTests(server), IClassFixture<SqliteServer>;

public sealed class DefaultRecordTypesTests_Postgres(PostgresServer server) : DefaultRecordTypesTests(server), IClassFixture<PostgresServer>;
