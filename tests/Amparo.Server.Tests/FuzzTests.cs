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
        var fuzz = new FuzzRequests(operations, seed: 15, ids);
        // The baseline is the warm server's: what every endpoint caches on first use is kept by right, and is no leak.
        var warmUp = await fuzz.WarmUpAsync(admin, server.Browser(), rounds: 1, concurrency: 4, ct);
        var memoryBefore = SettledMemory();

        var outcome = await fuzz.RunAsync(admin, server.Browser(), Requests, concurrency: 4, ct);

        Assert.Equal(Requests, outcome.Requests);
        Assert.True(warmUp.Status5xx + outcome.Status5xx == 0, $"{warmUp.Status5xx + outcome.Status5xx} answers 5xx:\n{string.Join('\n', warmUp.ServerErrors.Concat(outcome.ServerErrors))}");
        Assert.True(warmUp.TransportFailures + outcome.TransportFailures == 0, $"requests without an answer:\n{string.Join('\n', warmUp.ServerErrors.Concat(outcome.ServerErrors))}");
        foreach (var write in warmUp.AcceptedWrites) outcome.AcceptedWrites.Enqueue(write);
        Assert.True(outcome.Status4xx > Requests / 2, $"only {outcome.Status4xx} refusals: the run is not exercising refusals");
        var unexpected = FuzzSnapshot.Unexpected(before, await FuzzSnapshot.TakeAsync(admin, ids, ct), outcome);
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected));
        // The test host and the server share this process: after a full collection what the run allocated must be free.
        var growth = (SettledMemory() - memoryBefore) / (1024.0 * 1024);
        // 32 MiB: a warm run grows it by 5 MiB on SQLite and under 1 on PostgreSQL, while the run sends some 60 MB of
        // bodies (one in 32 requests carries 1.1 MB), so a path that kept what requests bring would show well above it.
        Assert.True(growth < 32, $"managed heap grew by {growth:F1} MiB over the run");
    }

    private static long SettledMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>
/// Classes that measure the whole test process (its managed heap): they run after the parallel classes, alone, since
/// what servers of other classes allocate meanwhile would count as this run's growth (seen once: 44 MiB, after server
/// starts got fast enough for several to start during one fuzz run).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresTheProcess
{
    public const string Name = "measures the process";
}

[Collection(MeasuresTheProcess.Name)]
public sealed class FuzzTests_Sqlite(SqliteServer server) : FuzzTests(server), IClassFixture<SqliteServer>;

[Collection(MeasuresTheProcess.Name)]
public sealed class FuzzTests_Postgres(PostgresServer server) : FuzzTests(server), IClassFixture<PostgresServer>;
