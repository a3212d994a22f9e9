using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Amparo.Server.Tests;

/// <summary>Servers that count a list's total exactly only up to 3 matches, so a test need not create 1,000 records.</summary>
public sealed class SmallTotalsSqliteServer : SqliteServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Records:ExactTotalUpTo", RecordTotalTests.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <inheritdoc cref="SmallTotalsSqliteServer"/>
public sealed class SmallTotalsPostgresServer : PostgresServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Records:ExactTotalUpTo", RecordTotalTests.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// <c>metadata.total</c> (ADR 0027): exact while the matches are few, a capped count; above the threshold a number still
/// (Primero's client pages by it) marked by <c>total_estimated</c> — the planner's estimate on PostgreSQL ("about"), the
/// cap as a lower bound on SQLite ("at_least") — and never contradicted by the pages the client is given.
/// </summary>
public abstract class RecordTotalTests(AmparoServer server) : ServerTests(server)
{
    public const int Threshold = 3;

    /// <summary>What the database can say above the threshold.</summary>
    protected abstract string Estimate { get; }

    private async Task<HttpClient> OwnerOfAsync(int cases)
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        for (var i = 0; i < cases; i++) await client.CreateCaseAsync($$"""{"name_first":"Counted{{i}}"}""");
        return client;
    }

    private static async Task<JsonNode> MetadataAsync(HttpClient client, string query) =>
        (await (await client.GetAsync("/api/v2/cases?" + query)).OkBodyAsync())["metadata"]!;

    [Fact]
    public async Task List_MatchingUpToTheThreshold_HasAnExactTotal_WithoutAnEstimateKey()
    {
        var client = await OwnerOfAsync(Threshold);

        var metadata = await MetadataAsync(client, "per=1");
        Assert.Equal(Threshold, metadata["total"]!.GetValue<long>());
        Assert.Null(metadata["total_estimated"]);
    }

    [Fact]
    public async Task List_MatchingMoreThanTheThreshold_HasANumericTotal_MarkedAsAnEstimate()
    {
        var client = await OwnerOfAsync(Threshold + 5);

        var metadata = await MetadataAsync(client, "per=2");
        Assert.Equal(Estimate, metadata["total_estimated"].Str());
        // Never below what is known: more than the threshold matched.
        Assert.True(metadata["total"]!.GetValue<long>() > Threshold);
        if (Estimate == "at_least") Assert.Equal(Threshold + 1, metadata["total"]!.GetValue<long>());
        // A filter that brings the matches under the threshold is counted exactly again.
        var filtered = await MetadataAsync(client, "per=2&query=counted1");
        Assert.Equal(1, filtered["total"]!.GetValue<long>());
        Assert.Null(filtered["total_estimated"]);
    }

    [Fact]
    public async Task Paging_PastAnEstimatedTotal_ReachesEveryRecord_AndTheLastPartialPageTellsTheExactTotal()
    {
        const int cases = Threshold * 3 + 2; // odd: the last page is partial
        var client = await OwnerOfAsync(cases);
        var seen = new HashSet<string>();
        JsonNode metadata;
        for (var page = 1; ; page++)
        {
            var body = await (await client.GetAsync($"/api/v2/cases?per=2&page={page}")).OkBodyAsync();
            var rows = body["data"]!.AsArray();
            foreach (var row in rows) Assert.True(seen.Add(row!["id"].Str()));
            metadata = body["metadata"]!;
            if (rows.Count < 2) break;
            // A full page: the total the client pages by always offers the next page.
            Assert.True(metadata["total"]!.GetValue<long>() > seen.Count, $"page {page}: total {metadata["total"]} after {seen.Count} rows");
            Assert.Equal(Estimate, metadata["total_estimated"].Str());
        }
        Assert.Equal(cases, seen.Count);
        Assert.Equal(cases, metadata["total"]!.GetValue<long>());
        Assert.Null(metadata["total_estimated"]);
    }

    [Fact]
    public async Task DashboardIndicator_CountingMoreThanTheThreshold_IsMarkedAsTheListsEstimate()
    {
        var role = "role-totals-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create"],"dashboard":["case_overview"]}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        var client = server.As(user, password);
        for (var i = 0; i < Threshold + 2; i++) await client.CreateCaseAsync($$"""{"name_first":"Dash{{i}}"}""");

        var dashboard = (await (await client.GetAsync("/api/v2/dashboards")).OkBodyAsync())["data"]![0]!;
        var total = dashboard["indicators"]!["total"]!;
        Assert.Equal(Estimate, total["count_estimated"].Str());
        Assert.True(total["count"]!.GetValue<long>() > Threshold);
    }
}

public sealed class RecordTotalTests_Sqlite(SmallTotalsSqliteServer server) : RecordTotalTests(server), IClassFixture<SmallTotalsSqliteServer>
{
    protected override string Estimate => "at_least";
}

public sealed class RecordTotalTests_Postgres(SmallTotalsPostgresServer server) : RecordTotalTests(server), IClassFixture<SmallTotalsPostgresServer>
{
    protected override string Estimate => "about";
}
