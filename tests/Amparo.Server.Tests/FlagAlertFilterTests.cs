using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// The list filters behind the web client's "flagged" and "has alerts" choices: <c>flagged</c>, <c>flag_count</c> and
/// <c>alert_count</c> filter on the record's counters, the same on SQLite and PostgreSQL.
/// </summary>
public abstract class FlagAlertFilterTests(AmparoServer server) : ServerTests(server)
{
    private static async Task<string[]> NamesAsync(HttpClient client, string marker, string filters)
    {
        var body = await (await client.GetAsync($"/api/v2/cases?query={marker}&per=100&fields=name_first&{filters}")).OkBodyAsync();
        var names = body["data"]!.AsArray().Select(r => r!["name_first"].Str()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(names.Length, body["metadata"]!["total"]!.GetValue<int>());
        return names;
    }

    [Fact]
    public async Task Flagged_AndFlagCount_ListOnlyRecordsWithActiveFlags()
    {
        var admin = server.AsAdmin();
        var marker = "fl" + Guid.NewGuid().ToString("N")[..12];
        var flaggedId = (await admin.CreateCaseAsync($$"""{"name_first":"flagged","name_last":"{{marker}}"}"""))["id"].Str();
        var resolvedId = (await admin.CreateCaseAsync($$"""{"name_first":"resolved","name_last":"{{marker}}"}"""))["id"].Str();
        await admin.CreateCaseAsync($$"""{"name_first":"plain","name_last":"{{marker}}"}""");
        await (await admin.PostAsync($"/api/v2/cases/{flaggedId}/flags", Http.Json("""{"data":{"message":"Check","date":"2026-11-20"}}"""))).OkBodyAsync();
        var resolved = await (await admin.PostAsync($"/api/v2/cases/{resolvedId}/flags", Http.Json("""{"data":{"message":"Old","date":"2026-11-20"}}"""))).OkBodyAsync();
        await (await admin.PatchJsonAsync($"/api/v2/cases/{resolvedId}/flags/{resolved["data"]!["id"]}", """{"data":{"unflag_message":"Done"}}""")).OkBodyAsync();

        Assert.Equal(["flagged"], await NamesAsync(admin, marker, "flagged=true"));
        Assert.Equal(["plain", "resolved"], await NamesAsync(admin, marker, "flagged=false"));
        Assert.Equal(["flagged"], await NamesAsync(admin, marker, "flag_count=1.."));
        Assert.Equal(["plain", "resolved"], await NamesAsync(admin, marker, "flag_count=0"));
        Assert.Empty(await NamesAsync(admin, marker, "flagged=maybe"));
        Assert.Empty(await NamesAsync(admin, marker, "flag_count=abc"));
    }

    [Fact]
    public async Task AlertCount_FromOne_ListsTheOwnersRecordsWithAlerts()
    {
        var role = "role-alertfilter-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create","write"]}""");
        var (user, password) = await server.CreateUserAsync("self", roleUniqueId: role);
        var owner = server.As(user, password);
        var marker = "al" + Guid.NewGuid().ToString("N")[..12];
        var changedId = (await owner.CreateCaseAsync($$"""{"name_first":"changed","name_last":"{{marker}}"}"""))["id"].Str();
        await owner.CreateCaseAsync($$"""{"name_first":"untouched","name_last":"{{marker}}"}""");

        // Someone else's change alerts the owner.
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{changedId}", """{"data":{"name_middle":"N"}}""")).OkBodyAsync();

        Assert.Equal(["changed"], await NamesAsync(owner, marker, "alert_count=1.."));
        Assert.Equal(["changed"], await NamesAsync(owner, marker, "alert_count[from]=1"));
        Assert.Equal(["untouched"], await NamesAsync(owner, marker, "alert_count=0"));
        Assert.Equal(["changed", "untouched"], await NamesAsync(owner, marker, ""));
    }
}

public sealed class FlagAlertFilterTests_Sqlite(SqliteServer server) : FlagAlertFilterTests(server), IClassFixture<SqliteServer>;

public sealed class FlagAlertFilterTests_Postgres(PostgresServer server) : FlagAlertFilterTests(server), IClassFixture<PostgresServer>;
