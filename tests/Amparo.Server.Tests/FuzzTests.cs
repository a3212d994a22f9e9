using Amparo.Fuzz;

namespace Amparo.Server.Tests;

/// <summary>
/// Issue 15: a bounded fuzz run (a few thousand requests from a fixed seed) against every operation of the OpenAPI
/// document, signed in as the superuser and anonymous. The long mode is <c>Amparo.Bench fuzz</c>, with the same generator.
/// </summary>
public abstract class FuzzTests(AmparoServer server) : ServerTests(server)
{
    private const int Requests = 3000;

    [Fact]
    public async Task MalformedRequestsToEveryOperation_NeverAnswer5xx_ChangeNothingTheyShouldNot_AndGiveMemoryBack()
    {
        var ct = CancellationToken.None;
        var admin = server.AsAdmin();
        var document = await (await server.Browser().GetAsync("/openapi/v1.json", ct)).OkBodyAsync();
        var operations = FuzzRequests.Operations(document);
        Assert.True(operations.Count > 100, $"only {operations.Count} operations in the OpenAPI document");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await admin.CreateCaseAsync($$"""{"name_first":"Fuzzed {{i}}"}"""))["id"].Str());
        var before = await FuzzSnapshot.TakeAsync(admin, ids, ct);
        var memoryBefore = SettledMemory();

        var outcome = await new FuzzRequests(operations, seed: 15, ids).RunAsync(admin, server.Browser(), Requests, concurrency: 4, ct);

        Assert.Equal(Requests, outcome.Requests);
        Assert.True(outcome.Status5xx == 0, $"{outcome.Status5xx} answers 5xx:\n{string.Join('\n', outcome.ServerErrors)}");
        Assert.True(outcome.Status4xx > Requests / 2, $"only {outcome.Status4xx} refusals: the run is not exercising refusals");
        var unexpected = FuzzSnapshot.Unexpected(before, await FuzzSnapshot.TakeAsync(admin, ids, ct), outcome);
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected));
        // The test host and the server share this process: after a full collection what the run allocated must be free.
        var growth = (SettledMemory() - memoryBefore) / (1024 * 1024);
        Assert.True(growth < 200, $"managed heap grew by {growth} MiB over the run");
    }

    private static long SettledMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

public sealed class FuzzTests_Sqlite(SqliteServer server) : FuzzTests(server), IClassFixture<SqliteServer>;

public sealed class FuzzTests_Postgres(PostgresServer server) : FuzzTests(server), IClassFixture<PostgresServer>;
