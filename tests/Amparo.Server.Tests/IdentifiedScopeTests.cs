using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// The identified scope: <c>case:attribute</c> names a user in a case's <c>identified_by</c>, and a user of the identified
/// scope then reaches exactly that case — in show, list, count and update alike.
/// </summary>
public abstract class IdentifiedScopeTests(AmparoServer server) : ServerTests(server)
{
    private const string IdentifiedPermissions = """{"case":["read","write"]}""";

    private async Task<(HttpClient Client, string UserName)> UserAsync(string scope, string permissions)
    {
        var role = "role-ident-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions);
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        return (server.As(user, password), user);
    }

    private static Task<HttpResponseMessage> AttributeAsync(HttpClient client, string caseId, string? userName) =>
        client.PatchJsonAsync($"/api/v2/cases/{caseId}",
            new JsonObject { ["data"] = new JsonObject { ["identified_by"] = userName }, ["record_action"] = "attribute" }.ToJsonString());

    private static async Task<int> TotalAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v2/cases")).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>();

    [Fact]
    public async Task IdentifiedScope_ReachesExactlyTheCaseIdentifiedByTheUser_InShowListCountAndUpdate()
    {
        var admin = server.AsAdmin();
        var (child, childName) = await UserAsync("identified", IdentifiedPermissions);
        var (_, otherName) = await UserAsync("identified", IdentifiedPermissions);
        var mine = await admin.CreateCaseAsync("""{"name_first":"Sami"}""");
        var theirs = await admin.CreateCaseAsync("""{"name_first":"Tala"}""");
        var nobodys = await admin.CreateCaseAsync("""{"name_first":"Umar"}""");

        // Before anyone names them, an identified user reaches nothing.
        Assert.Equal(0, await TotalAsync(child));
        await (await child.GetAsync($"/api/v2/cases/{mine["id"].Str()}")).ErrorAsync(HttpStatusCode.Forbidden);

        var attributed = (await (await AttributeAsync(admin, mine["id"].Str(), childName)).OkBodyAsync())["data"]!;
        Assert.Equal(childName, attributed["identified_by"].Str());
        await (await AttributeAsync(admin, theirs["id"].Str(), otherName)).OkBodyAsync();

        var shown = (await (await child.GetAsync($"/api/v2/cases/{mine["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Equal(childName, shown["identified_by"].Str());
        await (await child.GetAsync($"/api/v2/cases/{theirs["id"].Str()}")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await child.GetAsync($"/api/v2/cases/{nobodys["id"].Str()}")).ErrorAsync(HttpStatusCode.Forbidden);

        var list = (await (await child.GetAsync("/api/v2/cases")).OkBodyAsync());
        Assert.Equal(mine["id"].Str(), Assert.Single(list["data"]!.AsArray())!["id"].Str());
        Assert.Equal(1, list["metadata"]!["total"]!.GetValue<int>());

        await (await child.PatchJsonAsync($"/api/v2/cases/{mine["id"].Str()}", """{"data":{"name_last":"Haddad"}}""")).OkBodyAsync();
        await (await child.PatchJsonAsync($"/api/v2/cases/{theirs["id"].Str()}", """{"data":{"name_last":"X"}}""")).ErrorAsync(HttpStatusCode.Forbidden);

        // A case the identified user creates is not theirs to reach: the scope is the identification, not ownership.
        var (creator, _) = await UserAsync("identified", """{"case":["read","create","write"]}""");
        var created = await creator.CreateCaseAsync("""{"name_first":"Own"}""");
        await (await creator.GetAsync($"/api/v2/cases/{created["id"].Str()}")).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await TotalAsync(creator));

        // Clearing the identification takes the case away again.
        await (await AttributeAsync(admin, mine["id"].Str(), null)).OkBodyAsync();
        Assert.Equal(0, await TotalAsync(child));
        await (await child.GetAsync($"/api/v2/cases/{mine["id"].Str()}")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetCasesIdentified_ReturnsTheCallersCase_OrNotFound()
    {
        var admin = server.AsAdmin();
        var (child, childName) = await UserAsync("identified", IdentifiedPermissions);
        await (await child.GetAsync("/api/v2/cases/identified")).ErrorAsync(HttpStatusCode.NotFound);
        var record = await admin.CreateCaseAsync("""{"name_first":"Vera"}""");
        await (await AttributeAsync(admin, record["id"].Str(), childName)).OkBodyAsync();

        var response = await child.GetAsync("/api/v2/cases/identified");
        var shown = (await response.OkBodyAsync())["data"]!;
        Assert.Equal(record["id"].Str(), shown["id"].Str());
        Assert.Equal("Vera", shown["name_first"].Str());
        Assert.NotNull(response.Headers.ETag);
        // Another identified user is not led to it.
        var (other, _) = await UserAsync("identified", IdentifiedPermissions);
        await (await other.GetAsync("/api/v2/cases/identified")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetCasesIdentified_WithoutCaseRead_IsForbidden()
    {
        var (noRead, _) = await UserAsync("identified", """{"incident":["read"]}""");
        await (await noRead.GetAsync("/api/v2/cases/identified")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Attribute_NeedsThePermissionAndTheCaseInScope()
    {
        var admin = server.AsAdmin();
        var (_, childName) = await UserAsync("identified", IdentifiedPermissions);
        var (writer, _) = await UserAsync("all", """{"case":["read","write"]}""");
        var record = await admin.CreateCaseAsync("""{"name_first":"Wim"}""");
        await (await AttributeAsync(writer, record["id"].Str(), childName)).ErrorAsync(HttpStatusCode.Forbidden);
        var (selfAttributor, _) = await UserAsync("self", """{"case":["read","attribute"]}""");
        await (await AttributeAsync(selfAttributor, record["id"].Str(), childName)).ErrorAsync(HttpStatusCode.Forbidden);
        // Plain write does not reach identified_by either: it is not a form field, and is dropped.
        await (await writer.PatchJsonAsync($"/api/v2/cases/{record["id"].Str()}", $$$"""{"data":{"identified_by":"{{{childName}}}"}}""")).OkBodyAsync();
        Assert.Null((await (await admin.GetAsync($"/api/v2/cases/{record["id"].Str()}")).OkBodyAsync())["data"]!["identified_by"]);

        // record_action=attribute needs no write: attribute and read are enough.
        var (attributor, _) = await UserAsync("all", """{"case":["read","attribute"]}""");
        await (await AttributeAsync(attributor, record["id"].Str(), childName)).OkBodyAsync();
        var history = (await (await admin.GetAsync($"/api/v2/cases/{record["id"].Str()}/record_history")).OkBodyAsync())["data"]!.AsArray();
        Assert.Contains(history, h => h!["record_changes"]!.AsArray().Any(c => c!["identified_by"]?["to"]?.GetValue<string>() == childName));
    }

    [Fact]
    public async Task Attribute_WithAUserOutsideTheIdentifiedCategory_OrAlreadyIdentifying_IsRefusedWith422()
    {
        var admin = server.AsAdmin();
        var first = await admin.CreateCaseAsync("""{"name_first":"Xan"}""");
        var second = await admin.CreateCaseAsync("""{"name_first":"Yul"}""");
        var (_, childName) = await UserAsync("identified", IdentifiedPermissions);
        var (_, caseworker) = await UserAsync("self", IdentifiedPermissions);
        Assert.Equal("/identified_by", (await (await AttributeAsync(admin, first["id"].Str(), caseworker)).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"]![0].Str());
        await (await AttributeAsync(admin, first["id"].Str(), "no_such_user")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.PatchJsonAsync($"/api/v2/cases/{first["id"].Str()}", """{"data":{"identified_by":7},"record_action":"attribute"}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.PatchJsonAsync($"/api/v2/cases/{first["id"].Str()}", """{"data":{},"record_action":"attribute"}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);

        await (await AttributeAsync(admin, first["id"].Str(), childName)).OkBodyAsync();
        var exists = await (await AttributeAsync(admin, second["id"].Str(), childName)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("identified_by", exists["detail"].Str());
        Assert.Equal("errors.models.child.identified_by_exists", exists["message"]![0].Str());
        Assert.Null((await (await admin.GetAsync($"/api/v2/cases/{second["id"].Str()}")).OkBodyAsync())["data"]!["identified_by"]);

        // A disabled user is no longer one to name.
        var (_, leaver) = await UserAsync("identified", IdentifiedPermissions);
        await server.InTenantAsync(null, async (db, _) => { (await db.Users.SingleAsync(u => u.UserName == leaver)).Disabled = true; await db.SaveChangesAsync(); });
        await (await AttributeAsync(admin, second["id"].Str(), leaver)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task GetUsersIdentified_ListsEnabledUsersOfTheIdentifiedScope_ToAttributors()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var (_, child) = await UserAsync("identified", IdentifiedPermissions);
        var (_, caseworker) = await UserAsync("self", IdentifiedPermissions);
        var (_, leaver) = await UserAsync("identified", IdentifiedPermissions);
        await server.InTenantAsync(null, async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == leaver)).Disabled = true;
            (await db.Users.SingleAsync(u => u.UserName == child)).FullName = "Child " + marker;
            await db.SaveChangesAsync();
        });
        var (attributor, _) = await UserAsync("all", """{"case":["read","attribute"]}""");
        var all = (await (await attributor.GetAsync("/api/v2/users/identified?per=1000")).OkBodyAsync());
        var names = all["data"]!.AsArray().Select(u => u!["user_name"].Str()).ToList();
        Assert.Contains(child, names);
        Assert.DoesNotContain(caseworker, names);
        Assert.DoesNotContain(leaver, names);
        Assert.Equal(names.Count, all["metadata"]!["total"]!.GetValue<int>());

        var found = (await (await attributor.GetAsync($"/api/v2/users/identified?query={marker.ToUpperInvariant()}")).OkBodyAsync())["data"]!.AsArray();
        var only = Assert.Single(found)!.AsObject();
        Assert.Equal(["email", "full_name", "user_name"], only.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Child " + marker, only["full_name"].Str());

        var (reader, _) = await UserAsync("all", """{"case":["read","write"]}""");
        await (await reader.GetAsync("/api/v2/users/identified")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class IdentifiedScopeTests_Sqlite(SqliteServer server) : IdentifiedScopeTests(server), IClassFixture<SqliteServer>;

public sealed class IdentifiedScopeTests_Postgres(PostgresServer server) : IdentifiedScopeTests(server), IClassFixture<PostgresServer>;
