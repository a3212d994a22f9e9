using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

public abstract class CaseTests(AmparoServer server) : ServerTests(server)
{
    [Fact]
    public async Task Create_ValidCase_ReturnsRecordWithIdentifiersOwnerAndDefaults()
    {
        var (user, password) = await server.CreateUserAsync();
        var created = await server.As(user, password).CreateCaseAsync("""
            {"name_first":"Amina","name_last":"Haddad","sex":"female","age":12,"date_of_birth":"2014-03-01"}
            """);

        Assert.True(Guid.TryParse(created["id"].Str(), out var id));
        Assert.Equal(7, id.Version);
        Assert.Equal(7, created["short_id"].Str().Length);
        Assert.Equal(created["short_id"].Str(), created["case_id_display"].Str());
        Assert.EndsWith(created["short_id"].Str(), created["unique_identifier"].Str().Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(user, created["owned_by"].Str());
        Assert.Equal(user, created["created_by"].Str());
        Assert.Equal("open", created["status"].Str());
        Assert.Equal("new", created["workflow"].Str());
        Assert.True(created["enabled"]!.GetValue<bool>());
        Assert.Equal("primeromodule-cp", created["module_id"].Str());
        Assert.Equal("Amina Haddad", created["name"].Str());
        Assert.Equal(12, created["age"]!.GetValue<int>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", created["last_updated_at"].Str());
    }

    [Fact]
    public async Task Create_ThenShow_ReturnsTheSameAnswersAndAnETag()
    {
        var client = server.AsAdmin();
        var created = await client.CreateCaseAsync("""{"name_first":"Omar","sex":"male","estimated":true}""");
        var response = await client.GetAsync($"/api/v2/cases/{created["id"].Str()}");
        var shown = (await response.OkBodyAsync())["data"]!;
        Assert.Equal("Omar", shown["name_first"].Str());
        Assert.True(shown["estimated"]!.GetValue<bool>());
        Assert.Equal("\"1\"", response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Create_WithClientId_Is204_AndTheSameIdAgainIs409()
    {
        var client = server.AsAdmin();
        var id = Guid.CreateVersion7().ToString();
        var body = $$"""{"data":{"id":"{{id}}","name_first":"Offline"} }""";
        var first = await client.PostAsync("/api/v2/cases", Http.Json(body));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Empty(await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v2/cases/{id}")).StatusCode);

        var again = await client.PostAsync("/api/v2/cases", Http.Json(body));
        var error = await again.ErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal("Conflict: A record with this id already exists", error["message"].Str());
    }

    [Theory]
    [InlineData("{\"data\": {\"name_first\": \"x\"")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"nodata\": {}}")]
    [InlineData("{\"data\": \"string\"}")]
    [InlineData("{\"data\": {\"id\": \"not-a-uuid\", \"name_first\": \"x\"}}")]
    public async Task Create_MalformedBody_Is422_AndWritesNothing(string body)
    {
        var before = await server.CountRecordsAsync();
        var response = await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json(body));
        await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await server.CountRecordsAsync());
    }

    [Fact]
    public async Task Create_WrongTypes_Is422NamingEachField_AndWritesNothing()
    {
        var before = await server.CountRecordsAsync();
        var response = await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json("""
            {"data":{"name_first":"Valid","age":"twelve","sex":"dragon","date_of_birth":"31/12/2010","estimated":"yes"}}
            """));
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Invalid Record JSON", error["message"].Str());
        var pointers = error["detail"]!.AsArray().Select(p => p.Str()).Order().ToArray();
        Assert.Equal(["/age", "/date_of_birth", "/estimated", "/sex"], pointers);
        Assert.Equal(before, await server.CountRecordsAsync());
    }

    [Fact]
    public async Task Create_WithoutARequiredAnswer_Is422()
    {
        var response = await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_last":"NoFirstName"}}"""));
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("/name_first", error["detail"]![0].Str());
    }

    [Fact]
    public async Task Create_UnknownAndSystemFields_AreDroppedSilently()
    {
        var created = await server.AsAdmin().CreateCaseAsync("""
            {"name_first":"Quiet","favourite_colour":"blue","owned_by":"mallory","status":"closed","record_state":false,"name":"Injected"}
            """);
        Assert.Null(created["favourite_colour"]);
        Assert.Equal("admin", created["owned_by"].Str());
        Assert.Equal("open", created["status"].Str());
        Assert.True(created["enabled"]!.GetValue<bool>());
        Assert.Equal("Quiet", created["name"].Str());
    }

    [Fact]
    public async Task Create_UnknownModule_Is422()
    {
        var response = await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_first":"A","module_id":"primeromodule-nope"}}"""));
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("/module_id", error["detail"]![0].Str());
    }

    [Fact]
    public async Task List_ReturnsPrimeroEnvelope_WithPagingAndTotal()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        for (var i = 0; i < 5; i++) await client.CreateCaseAsync($$"""{"name_first":"Child{{i}}"}""");

        var page = await (await client.GetAsync("/api/v2/cases?per=2&page=2")).OkBodyAsync();
        Assert.Equal(2, page["data"]!.AsArray().Count);
        Assert.Equal(5, page["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(2, page["metadata"]!["per"]!.GetValue<int>());
        Assert.Equal(2, page["metadata"]!["page"]!.GetValue<int>());

        // Newest first by default, and the pages do not overlap.
        var all = await (await client.GetAsync("/api/v2/cases")).OkBodyAsync();
        var names = all["data"]!.AsArray().Select(r => r!["name_first"].Str()).ToArray();
        Assert.Equal(["Child4", "Child3", "Child2", "Child1", "Child0"], names);
        Assert.Equal(["Child2", "Child1"], page["data"]!.AsArray().Select(r => r!["name_first"].Str()).ToArray());
    }

    [Fact]
    public async Task List_PerIsCappedAt1000_AndDefaultsTo20()
    {
        var client = server.AsAdmin();
        Assert.Equal(1000, (await (await client.GetAsync("/api/v2/cases?per=3000")).OkBodyAsync())["metadata"]!["per"]!.GetValue<int>());
        Assert.Equal(20, (await (await client.GetAsync("/api/v2/cases?per=abc")).OkBodyAsync())["metadata"]!["per"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_QuerySearchesNamesAndShortIds_CaseInsensitively()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var unique = "Zx" + Guid.NewGuid().ToString("N")[..6];
        var target = await client.CreateCaseAsync($$"""{"name_first":"{{unique}}","name_last":"Mwangi"}""");
        await client.CreateCaseAsync("""{"name_first":"Someone","name_last":"Else"}""");

        var byName = await (await client.GetAsync($"/api/v2/cases?query={unique.ToUpperInvariant()}")).OkBodyAsync();
        Assert.Equal(target["id"].Str(), Assert.Single(byName["data"]!.AsArray())!["id"].Str());
        var byShortId = await (await client.GetAsync($"/api/v2/cases?query={target["short_id"].Str()}")).OkBodyAsync();
        Assert.Contains(byShortId["data"]!.AsArray(), r => r!["id"].Str() == target["id"].Str());
    }

    [Fact]
    public async Task List_FieldsShort_ReturnsTheSummarySet()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        await client.CreateCaseAsync("""{"name_first":"Short","telephone_current":"+254700000000"}""");
        var row = (await (await client.GetAsync("/api/v2/cases?fields=short")).OkBodyAsync())["data"]![0]!;
        Assert.Equal("Short", row["name"].Str());
        Assert.NotNull(row["short_id"]);
        Assert.NotNull(row["id"]);
        Assert.Null(row["telephone_current"]);
        Assert.Null(row["name_first"]);
    }

    [Fact]
    public async Task List_FiltersByStatusAndRecordState()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        await client.CreateCaseAsync("""{"name_first":"Open"}""");
        Assert.Equal(1, (await (await client.GetAsync("/api/v2/cases?status=open&record_state=true")).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(0, (await (await client.GetAsync("/api/v2/cases?status=closed")).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(0, (await (await client.GetAsync("/api/v2/cases?record_state=false")).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_AsSelfScopedUser_ContainsOnlyOwnCases()
    {
        var (alice, alicePw) = await server.CreateUserAsync();
        var (bob, bobPw) = await server.CreateUserAsync();
        await server.As(alice, alicePw).CreateCaseAsync("""{"name_first":"AliceCase"}""");
        await server.As(bob, bobPw).CreateCaseAsync("""{"name_first":"BobCase"}""");

        var list = await (await server.As(alice, alicePw).GetAsync("/api/v2/cases?per=1000")).OkBodyAsync();
        Assert.All(list["data"]!.AsArray(), r => Assert.Equal(alice, r!["owned_by"].Str()));
        Assert.Equal(1, list["metadata"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_AsAllScopedUser_SeesEveryonesCases()
    {
        var (alice, alicePw) = await server.CreateUserAsync();
        var created = await server.As(alice, alicePw).CreateCaseAsync("""{"name_first":"Visible"}""");
        var (manager, managerPw) = await server.CreateUserAsync("all");
        var list = await (await server.As(manager, managerPw).GetAsync($"/api/v2/cases?query={created["short_id"].Str()}")).OkBodyAsync();
        Assert.Single(list["data"]!.AsArray());
    }

    [Fact]
    public async Task Get_OtherUsersCase_AsSelfScopedUser_IsForbidden_AndRevealsNothing()
    {
        var (alice, alicePw) = await server.CreateUserAsync();
        var (bob, bobPw) = await server.CreateUserAsync();
        var created = await server.As(alice, alicePw).CreateCaseAsync("""{"name_first":"Secret"}""");

        var response = await server.As(bob, bobPw).GetAsync($"/api/v2/cases/{created["id"].Str()}");
        var error = await response.ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Forbidden", error["message"].Str());
        Assert.DoesNotContain("Secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_OtherUsersCase_AsSelfScopedUser_IsForbidden_AndChangesNothing()
    {
        var (alice, alicePw) = await server.CreateUserAsync();
        var (bob, bobPw) = await server.CreateUserAsync();
        var created = await server.As(alice, alicePw).CreateCaseAsync("""{"name_first":"Mine"}""");

        var response = await server.As(bob, bobPw).PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}", """{"data":{"name_first":"Stolen"}}""");
        await response.ErrorAsync(HttpStatusCode.Forbidden);
        var shown = await (await server.As(alice, alicePw).GetAsync($"/api/v2/cases/{created["id"].Str()}")).OkBodyAsync();
        Assert.Equal("Mine", shown["data"]!["name_first"].Str());
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("0196d7a4-0000-7000-8000-000000000000")]
    public async Task Get_UnknownOrMalformedId_Is404(string id)
    {
        var error = await (await server.AsAdmin().GetAsync($"/api/v2/cases/{id}")).ErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("Not Found", error["message"].Str());
    }

    [Fact]
    public async Task Patch_ChangesOnlySentFields_AndAnswersWithTheChangedKeys()
    {
        var client = server.AsAdmin();
        var created = await client.CreateCaseAsync("""{"name_first":"Grace","name_last":"Otieno","age":7,"sex":"female"}""");
        var id = created["id"].Str();

        var response = await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":8,"sex":"female","id":"ignored"}}""");
        var changed = (await response.OkBodyAsync())["data"]!.AsObject();
        Assert.Equal(["id", "enabled", "last_updated_at", "age"], changed.Select(kv => kv.Key).ToArray());
        Assert.Equal(id, changed["id"].Str());
        Assert.Equal("\"2\"", response.Headers.ETag!.ToString());

        var shown = (await (await client.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal(8, shown["age"]!.GetValue<int>());
        Assert.Equal("Otieno", shown["name_last"].Str());
        Assert.Equal("Grace Otieno", shown["name"].Str());
    }

    [Fact]
    public async Task Patch_NameParts_RecomputeTheName_AndTheSearch()
    {
        var client = server.AsAdmin();
        var created = await client.CreateCaseAsync("""{"name_first":"Before"}""");
        var unique = "Renamed" + Guid.NewGuid().ToString("N")[..6];
        var changed = (await (await client.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}", $$"""{"data":{"name_first":"{{unique}}"} }""")).OkBodyAsync())["data"]!;
        Assert.Equal(unique, changed["name"].Str());
        var found = await (await client.GetAsync($"/api/v2/cases?query={unique}")).OkBodyAsync();
        Assert.Single(found["data"]!.AsArray());
    }

    [Fact]
    public async Task Patch_WrongType_Is422_AndLeavesTheRecordUnchanged()
    {
        var client = server.AsAdmin();
        var created = await client.CreateCaseAsync("""{"name_first":"Stable","age":5}""");
        var id = created["id"].Str();
        var response = await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_first":"Changed","age":"five"}}""");
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("/age", error["detail"]![0].Str());

        var shown = await client.GetAsync($"/api/v2/cases/{id}");
        Assert.Equal("Stable", (await shown.OkBodyAsync())["data"]!["name_first"].Str());
        Assert.Equal("\"1\"", shown.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Patch_ClearingARequiredAnswer_Is422()
    {
        var client = server.AsAdmin();
        var created = await client.CreateCaseAsync("""{"name_first":"Required"}""");
        var response = await client.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}", """{"data":{"name_first":null}}""");
        await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Patch_CannotChangeOwnerStatusOrRecordState()
    {
        var client = server.AsAdmin();
        var created = await client.CreateCaseAsync("""{"name_first":"Owned"}""");
        var id = created["id"].Str();
        await (await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"owned_by":"mallory","status":"closed","record_state":false,"short_id":"xxxxxxx"}}""")).OkBodyAsync();
        var shown = (await (await client.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal("admin", shown["owned_by"].Str());
        Assert.Equal("open", shown["status"].Str());
        Assert.True(shown["enabled"]!.GetValue<bool>());
        Assert.Equal(created["short_id"].Str(), shown["short_id"].Str());
    }

    [Fact]
    public async Task Patch_WithStaleIfMatch_Is412_AndWithCurrentIfMatch_Succeeds()
    {
        var client = server.AsAdmin();
        var created = await client.CreateCaseAsync("""{"name_first":"Versioned"}""");
        var id = created["id"].Str();
        await (await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":1}}""", "\"1\"")).OkBodyAsync();

        var stale = await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":2}}""", "\"1\"");
        await stale.ErrorAsync(HttpStatusCode.PreconditionFailed);
        await (await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":3}}""", "\"2\"")).OkBodyAsync();
    }

    [Fact]
    public async Task Patch_UnknownCase_Is404()
    {
        var response = await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{Guid.CreateVersion7()}", """{"data":{"age":1}}""");
        await response.ErrorAsync(HttpStatusCode.NotFound);
    }
}

public sealed class CaseTests_Sqlite(SqliteServer server) : CaseTests(server), IClassFixture<SqliteServer>;

public sealed class CaseTests_Postgres(PostgresServer server) : CaseTests(server), IClassFixture<PostgresServer>;
