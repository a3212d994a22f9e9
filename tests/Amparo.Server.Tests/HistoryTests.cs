using System.Net;

namespace Amparo.Server.Tests;

/// <summary>The record history: every save, its changes from and to, newest first, filtered by field or form.</summary>
public abstract class HistoryTests(AmparoServer server) : ServerTests(server)
{
    [Fact]
    public async Task History_ListsTheCreateAndEachUpdate_NewestFirst_WithValuesBeforeAndAfter()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Sami","age":5}"""))["id"].Str();
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":6}}""")).OkBodyAsync();
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"age":6}}""")).OkBodyAsync(); // no change, no entry
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"record_action":"close","data":{"status":"closed"}}""")).OkBodyAsync();

        var body = await (await admin.GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync();
        var entries = body["data"]!.AsArray();
        Assert.Equal(3, body["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(["update", "update", "create"], entries.Select(e => e!["action"].Str()));
        Assert.All(entries, e => Assert.Equal("admin", e!["user_name"].Str()));
        Assert.All(entries, e => Assert.Equal("cases", e!["record_type"].Str()));
        var closing = entries[0]!["record_changes"]!.AsArray().Select(c => c!.AsObject().First()).ToDictionary(kv => kv.Key, kv => kv.Value!);
        Assert.Equal("open", closing["status"]["from"].Str());
        Assert.Equal("closed", closing["status"]["to"].Str());
        Assert.Equal("closed", closing["workflow"]["to"].Str());
        var age = entries[1]!["record_changes"]![0]!["age"]!;
        Assert.Equal(5, age["from"]!.GetValue<int>());
        Assert.Equal(6, age["to"]!.GetValue<int>());
        Assert.Contains(entries[2]!["record_changes"]!.AsArray(), c => c!["name_first"]?["to"]?.Str() == "Sami");
    }

    [Fact]
    public async Task History_FilteredByFieldName_ShowsOnlyThoseChanges()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Rita"}"""))["id"].Str();
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_last":"Haddad","age":4}}""")).OkBodyAsync();
        var entries = (await (await admin.GetAsync($"/api/v2/cases/{id}/record_history?filters[field_names][0]=age")).OkBodyAsync())["data"]!.AsArray();
        var change = Assert.Single(entries)!["record_changes"]!.AsArray();
        Assert.Equal("age", Assert.Single(change)!.AsObject().First().Key);
    }

    [Fact]
    public async Task History_WithoutTheChangeLogPermission_IsForbidden()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var id = (await client.CreateCaseAsync("""{"name_first":"Omar"}"""))["id"].Str();
        await (await client.GetAsync($"/api/v2/cases/{id}/record_history")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class HistoryTests_Sqlite(SqliteServer server) : HistoryTests(server), IClassFixture<SqliteServer>;

public sealed class HistoryTests_Postgres(PostgresServer server) : HistoryTests(server), IClassFixture<PostgresServer>;
