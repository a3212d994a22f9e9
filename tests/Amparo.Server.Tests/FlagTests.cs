using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>Flags: raise, list, resolve, edit, bulk, the dashboard list, and who may do each.</summary>
public abstract class FlagTests(AmparoServer server) : ServerTests(server)
{
    private async Task<(HttpClient Client, string User)> WithRoleAsync(string permissions, string scope = "all")
    {
        var role = "role-flag-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions);
        var (user, password) = await server.CreateUserAsync(scope, roleUniqueId: role);
        return (server.As(user, password), user);
    }

    [Fact]
    public async Task Flag_RaisedAndResolved_MovesTheRecordsFlagCount_AndEntersItsHistory()
    {
        var (client, user) = await WithRoleAsync("""{"case":["read","create","write","flag","change_log"]}""");
        var id = (await client.CreateCaseAsync("""{"name_first":"Amal"}"""))["id"].Str();
        var raised = (await (await client.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"Check the address","date":"2026-11-20"}}"""))).OkBodyAsync())["data"]!;
        Assert.Equal("Check the address", raised["message"].Str());
        Assert.Equal(user, raised["flagged_by"].Str());
        Assert.Equal("2026-11-20", raised["date"].Str());
        Assert.Equal(1, raised["record"]!["flag_count"]!.GetValue<int>());
        Assert.True(raised["record"]!["flagged"]!.GetValue<bool>());
        var flagId = raised["id"]!.GetValue<int>();

        var record = (await (await client.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal(1, record["flag_count"]!.GetValue<int>());

        var resolved = (await (await client.PatchAsync($"/api/v2/cases/{id}/flags/{flagId}", Http.Json("""{"data":{"unflag_message":"Address confirmed"}}"""))).OkBodyAsync())["data"]!;
        Assert.True(resolved["removed"]!.GetValue<bool>());
        Assert.Equal(user, resolved["unflagged_by"].Str());
        Assert.Equal(0, resolved["record"]!["flag_count"]!.GetValue<int>());
        await (await client.PatchAsync($"/api/v2/cases/{id}/flags/{flagId}", Http.Json("""{"data":{"unflag_message":"again"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);

        var flags = (await (await client.GetAsync($"/api/v2/cases/{id}/flags")).OkBodyAsync())["data"]!.AsArray();
        Assert.Single(flags); // resolved flags stay listed
        var history = (await (await client.GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal([0, 1], history.Take(2).Select(h => h!["record_changes"]![0]!["flag_count"]!["to"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Flag_BadInput_Is422_AndWithoutPermissionOrAccess_IsRefused()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Bilal"}"""))["id"].Str();
        Assert.Equal("message", (await (await admin.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":" "}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        Assert.Equal("date", (await (await admin.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"x","date":"soon"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());

        var (reader, _) = await WithRoleAsync("""{"case":["read"]}""");
        await (await reader.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"x"}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        var (selfScoped, _) = await WithRoleAsync("""{"case":["read","flag"]}""", "self");
        await (await selfScoped.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"x"}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        await (await selfScoped.GetAsync($"/api/v2/cases/{id}/flags")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ResolvingSomeoneElsesFlag_NeedsResolveAnyFlag_AndEditingNeedsFlagUpdate()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Chadi"}"""))["id"].Str();
        var flagId = (await (await admin.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"Admin's flag"}}"""))).OkBodyAsync())["data"]!["id"]!.GetValue<int>();

        var (flagger, _) = await WithRoleAsync("""{"case":["read","flag"]}""");
        await (await flagger.PatchAsync($"/api/v2/cases/{id}/flags/{flagId}", Http.Json("""{"data":{"unflag_message":"mine now"}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        await (await flagger.PatchAsync($"/api/v2/cases/{id}/flags/{flagId}", Http.Json("""{"data":{"message":"edited"}}"""))).ErrorAsync(HttpStatusCode.Forbidden);

        var (resolver, _) = await WithRoleAsync("""{"case":["read","resolve_any_flag","flag_update"]}""");
        var edited = (await (await resolver.PatchAsync($"/api/v2/cases/{id}/flags/{flagId}", Http.Json("""{"data":{"message":"edited"}}"""))).OkBodyAsync())["data"]!;
        Assert.Equal("edited", edited["message"].Str());
        Assert.True((await (await resolver.PatchAsync($"/api/v2/cases/{id}/flags/{flagId}", Http.Json("""{"data":{"unflag_message":"done"}}"""))).OkBodyAsync())["data"]!["removed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task BulkFlag_FlagsTheMatchedRecordsInReach_AndRefusesMoreThan100OrNoFilters()
    {
        var admin = server.AsAdmin();
        var first = (await admin.CreateCaseAsync("""{"name_first":"Dana"}"""))["short_id"].Str();
        var second = (await admin.CreateCaseAsync("""{"name_first":"Eli"}"""))["short_id"].Str();
        var result = (await (await admin.PostAsync("/api/v2/cases/flags", Http.Json($$"""{"data":{"message":"Review","filters":{"short_id":["{{first}}","{{second}}"]} } }"""))).OkBodyAsync())["data"]!;
        Assert.Equal(2, result["total"]!.GetValue<int>());
        var listed = (await (await admin.GetAsync($"/api/v2/cases?short_id={first},{second}")).OkBodyAsync())["data"]!.AsArray();
        Assert.All(listed, r => Assert.Equal(1, r!["flag_count"]!.GetValue<int>()));
        await (await admin.PostAsync("/api/v2/cases/flags", Http.Json("""{"data":{"message":"Review"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var many = string.Join(",", Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()));
        // Ids that match nothing are fine; the limit is on matches, so this is accepted with none flagged.
        Assert.Equal(0, (await (await admin.PostAsync("/api/v2/cases/flags", Http.Json($$"""{"data":{"message":"Review","filters":{"id":"{{many}}"} } }"""))).OkBodyAsync())["data"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task DashboardFlags_ListOnlyFlagsOnRecordsTheCallerMaySee()
    {
        var (owner, ownerName) = await WithRoleAsync("""{"case":["read","create","flag"],"dashboard":["dash_flags"]}""", "self");
        var (other, _) = await WithRoleAsync("""{"case":["read","create","flag"],"dashboard":["dash_flags"]}""", "self");
        var mine = (await owner.CreateCaseAsync("""{"name_first":"Farah"}"""))["id"].Str();
        var theirs = (await other.CreateCaseAsync("""{"name_first":"Ghada"}"""))["id"].Str();
        await (await owner.PostAsync($"/api/v2/cases/{mine}/flags", Http.Json("""{"data":{"message":"mine"}}"""))).OkBodyAsync();
        await (await other.PostAsync($"/api/v2/cases/{theirs}/flags", Http.Json("""{"data":{"message":"theirs"}}"""))).OkBodyAsync();

        var list = (await (await owner.GetAsync("/api/v2/flags?record_type=cases&active_only=true")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(["mine"], list.Select(f => f!["message"].Str()));
        Assert.Equal(ownerName, list[0]!["flagged_by"].Str());
    }
}

public sealed class FlagTests_Sqlite(SqliteServer server) : FlagTests(server), IClassFixture<SqliteServer>;

public sealed class FlagTests_Postgres(PostgresServer server) : FlagTests(server), IClassFixture<PostgresServer>;
