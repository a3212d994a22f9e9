using System.Net;

namespace Amparo.Server.Tests;

/// <summary>Saved searches belong to their user: listed, kept as sent, deleted only by them.</summary>
public abstract class SavedSearchTests(AmparoServer server) : ServerTests(server)
{
    [Fact]
    public async Task SavedSearch_IsKeptAsSent_ListedOnlyForItsUser_AndDeletedOnlyByThem()
    {
        var (user, password) = await server.CreateUserAsync();
        var mine = server.As(user, password);
        var saved = (await (await mine.PostAsync("/api/v2/saved_searches", Http.Json(
            """{"data":{"name":"Open, high risk","record_type":"cases","module_ids":["primeromodule-cp"],"filters":[{"name":"status","value":["open"]},{"name":"risk_level","value":["high"]}]}}"""))).OkBodyAsync())["data"]!;
        Assert.Equal("cases", saved["record_type"].Str());
        Assert.Equal("risk_level", saved["filters"]![1]!["name"].Str());
        var id = saved["id"]!.GetValue<int>();

        var (other, otherPassword) = await server.CreateUserAsync();
        var theirs = server.As(other, otherPassword);
        Assert.Empty((await (await theirs.GetAsync("/api/v2/saved_searches")).OkBodyAsync())["data"]!.AsArray());
        await (await theirs.DeleteAsync($"/api/v2/saved_searches/{id}")).ErrorAsync(HttpStatusCode.Forbidden);

        Assert.Single((await (await mine.GetAsync("/api/v2/saved_searches")).OkBodyAsync())["data"]!.AsArray());
        await (await mine.DeleteAsync($"/api/v2/saved_searches/{id}")).OkBodyAsync();
        await (await mine.DeleteAsync($"/api/v2/saved_searches/{id}")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"data":{"record_type":"cases","filters":[]}}""", "name")]
    [InlineData("""{"data":{"name":"x","record_type":"spaceships","filters":[]}}""", "record_type")]
    [InlineData("""{"data":{"name":"x","record_type":"cases","filters":[{"value":1}]}}""", "filters")]
    [InlineData("""{"data":{"name":"x","record_type":"cases","filters":"status=open"}}""", "filters")]
    public async Task SavedSearch_Malformed_Is422NamingTheAttribute(string body, string attribute)
    {
        var (user, password) = await server.CreateUserAsync();
        var error = await (await server.As(user, password).PostAsync("/api/v2/saved_searches", Http.Json(body))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(attribute, error["detail"].Str());
    }
}

public sealed class SavedSearchTests_Sqlite(SqliteServer server) : SavedSearchTests(server), IClassFixture<SqliteServer>;

public sealed class SavedSearchTests_Postgres(PostgresServer server) : SavedSearchTests(server), IClassFixture<PostgresServer>;
