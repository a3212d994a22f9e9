using System.Net;

namespace Amparo.Server.Tests;

/// <summary>Responses carry only the fields of forms the role may read; writes keep only fields of forms it may write.</summary>
public abstract class FieldPermissionTests(AmparoServer server) : ServerTests(server)
{
    private async Task<HttpClient> WithFormsAsync(string forms)
    {
        var role = "role-forms-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "all", """{"case":["read","create","write"]}""", forms);
        var (user, password) = await server.CreateUserAsync("all", roleUniqueId: role);
        return server.As(user, password);
    }

    [Fact]
    public async Task Read_WithoutTheForm_ShowsSystemFieldsButNoAnswers()
    {
        var created = await server.AsAdmin().CreateCaseAsync("""{"name_first":"Hidden","age":9,"sex":"female"}""");
        var client = await WithFormsAsync("{}");

        var shown = (await (await client.GetAsync($"/api/v2/cases/{created["id"].Str()}")).OkBodyAsync())["data"]!.AsObject();
        Assert.Equal(created["short_id"].Str(), shown["short_id"].Str());
        Assert.Equal("open", shown["status"].Str());
        Assert.Null(shown["name_first"]);
        Assert.Null(shown["name"]);
        Assert.Null(shown["age"]);
        Assert.Null(shown["sex"]);

        var listed = (await (await client.GetAsync($"/api/v2/cases?short_id={created["short_id"].Str()}")).OkBodyAsync())["data"]![0]!;
        Assert.Null(listed["name"]);
        Assert.DoesNotContain("Hidden", listed.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ToAReadOnlyForm_IsDroppedAndNeverStored()
    {
        var created = await server.AsAdmin().CreateCaseAsync("""{"name_first":"Original"}""");
        var client = await WithFormsAsync("""{"basic_identity":"r"}""");
        var id = created["id"].Str();

        Assert.Equal("Original", (await (await client.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["name_first"].Str());
        var response = await client.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_first":"Overwritten","age":4}}""");
        var changed = (await response.OkBodyAsync())["data"]!.AsObject();
        Assert.Null(changed["name_first"]);

        var stored = (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal("Original", stored["name_first"].Str());
        Assert.Null(stored["age"]);
        Assert.Equal("\"1\"", (await server.AsAdmin().GetAsync($"/api/v2/cases/{id}")).Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Create_WithAReadOnlyForm_StoresNoAnswers()
    {
        var client = await WithFormsAsync("""{"basic_identity":"r"}""");
        var created = await client.CreateCaseAsync("""{"name_first":"Ignored"}""");
        var stored = (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{created["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Null(stored["name_first"]);
    }

    [Fact]
    public async Task Superuser_ReadsAndWritesEveryForm()
    {
        var created = await server.AsAdmin().CreateCaseAsync("""{"name_first":"All","age":3}""");
        Assert.Equal(3, created["age"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}", """{"data":{"age":4}}""")).StatusCode);
    }
}

public sealed class FieldPermissionTests_Sqlite(SqliteServer server) : FieldPermissionTests(server), IClassFixture<SqliteServer>;

public sealed class FieldPermissionTests_Postgres(PostgresServer server) : FieldPermissionTests(server), IClassFixture<PostgresServer>;
