using System.Diagnostics;
using System.Globalization;
using System.Diagnostics.Tracing;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Fuzz;
using Microsoft.Diagnostics.NETCore.Client;

namespace Amparo.Bench;

/// <summary>
/// <c>fuzz</c>: the long mode of the test project's fuzz run (the same request generator, <c>Fuzz/FuzzRun.cs</c>) against a
/// published server on a real database: generates a small data set, starts the server, sends <c>--requests</c> malformed
/// requests to every operation of its OpenAPI document, and reports 5xx answers, changes to records the run should not
/// have changed, and the server's resident memory after start, after a warm-up pass over every operation (the baseline), at
/// its peak and after the run once idle and collected. Exit code 1 on any 5xx, any request without an answer, any
/// unexpected change, or memory that does not come back near the baseline (<see cref="MemoryToleranceMiB"/>).
/// </summary>
internal static class FuzzCommand
{
    public static async Task<int> RunAsync(Options options, TextWriter log, CancellationToken ct)
    {
        // The signed-in half authenticates with Basic on every request, so at the production hash cost (100,000 PBKDF2
        // iterations) the run measures the hash: a few dozen requests a second on two cores. Input handling is what is
        // fuzzed; the run stores and checks the admin's password at the tests' cost (AmparoServer.TestPasswordHashIterations).
        var database = options.Database() with { PasswordHashIterations = HashIterations };
        var requests = options.Int("requests", 100_000);
        var seed = options.Int("seed", 15);
        if (!options.Has("no-generate"))
            await Generator.GenerateAsync(database, options.Int("cases", 500), seed, options.Fixtures, log, ct);
        // Every request comes from one loopback address, and half of them are anonymous garbage at sign-in doors: with the
        // production budget (10 failed sign-ins a minute per source) the source is refused within seconds and the rest of
        // the run, the signed-in half included, would test the 429 instead of the endpoints. The limits have their own
        // tests (SignInLimitTests); here the budget is out of reach.
        await using var server = await ServerProcess.StartAsync(database, options.ServerDll, log,
            new Dictionary<string, string>
            {
                ["Auth__FailedSignInsPerSourcePerMinute"] = "100000000",
                ["Auth__PasswordHashIterations"] = HashIterations.ToString(CultureInfo.InvariantCulture),
            }, ct);
        using var admin = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{Generator.AdminPassword}")));
        using var anonymous = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        var operations = FuzzRequests.Operations(JsonNode.Parse(await admin.GetStringAsync("openapi/v1.json", ct))!);
        var ids = (JsonNode.Parse(await admin.GetStringAsync("api/v2/cases?per=5", ct))!["data"]!.AsArray()).Select(c => c!["id"]!.GetValue<string>()).ToList();
        var before = await FuzzSnapshot.TakeAsync(admin, ids, ct);
        var concurrency = options.Int("concurrency", 8);
        var generator = new FuzzRequests(operations, seed, ids);
        var rssStart = server.ResidentMiB();

        // The baseline is the warm server's: what the run will touch once (JIT, EF's compiled queries, the form and
        // permission caches, connection pools) is legitimately kept, and is no leak.
        var warmUp = await generator.WarmUpAsync(admin, anonymous, WarmUpRounds, concurrency, ct);
        var rssBaseline = await SettledResidentMiBAsync(server, TimeSpan.FromSeconds(5), log, ct);
        log.WriteLine($"{operations.Count} operations, {requests} requests, seed {seed}; server resident {rssStart:F0} MiB after start, "
            + $"{rssBaseline:F0} MiB after a warm-up of {warmUp.Requests} requests ({WarmUpRounds} to each operation) and a full collection");

        var peak = rssBaseline;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ResidentMiB());
                try { await Task.Delay(500, sampling.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var outcome = await generator.RunAsync(admin, anonymous, requests, concurrency, ct);
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        var rssEnd = server.ResidentMiB();
        var rssAfter = await SettledResidentMiBAsync(server, TimeSpan.FromSeconds(options.Int("idle-seconds", 30)), log, ct);
        foreach (var write in warmUp.AcceptedWrites) outcome.AcceptedWrites.Enqueue(write);
        var unexpected = FuzzSnapshot.Unexpected(before, await FuzzSnapshot.TakeAsync(admin, ids, ct), outcome);
        var tolerance = MemoryToleranceMiB(rssBaseline);
        var memoryBack = rssAfter <= rssBaseline + tolerance;

        log.WriteLine($"warm-up: {warmUp.Status2xx} 2xx, {warmUp.Status4xx} 4xx, {warmUp.Status5xx} 5xx, {warmUp.TransportFailures} without an answer");
        log.WriteLine($"{outcome.Requests} requests in {clock.Elapsed.TotalSeconds:F0} s: {outcome.Status2xx} 2xx, {outcome.Status4xx} 4xx, {outcome.Status5xx} 5xx, "
            + $"{outcome.Other} other, {outcome.TransportFailures} without an answer, {outcome.NotSent} not sent");
        log.WriteLine($"accepted writes {outcome.AcceptedWrites.Count}; unexpected changes {unexpected.Count}");
        log.WriteLine($"server resident memory: start {rssStart:F0} MiB, warm baseline {rssBaseline:F0} MiB, peak {peak:F0} MiB, end of run {rssEnd:F0} MiB, "
            + $"after idle and a full collection {rssAfter:F0} MiB (allowed up to {rssBaseline + tolerance:F0}: {(memoryBack ? "came back" : "DID NOT COME BACK")})");
        foreach (var e in warmUp.ServerErrors.Concat(outcome.ServerErrors)) log.WriteLine($"5xx {e}");
        foreach (var u in unexpected) log.WriteLine($"changed {u}");
        var clean = warmUp.Status5xx + warmUp.TransportFailures + outcome.Status5xx + outcome.TransportFailures == 0;
        return clean && unexpected.Count == 0 && memoryBack ? 0 : 1;
    }

    private const int WarmUpRounds = 5;
    private const int HashIterations = 1_000;

    /// <summary>
    /// How far above the warm baseline memory may settle after a run: a quarter of the baseline, at least 64 MiB. The
    /// server GC keeps a gen0 budget per heap and the database drivers their buffers sized by the largest answer seen,
    /// which scale with the baseline; a leak grows with the number of requests, and 100,000 of them leave far more.
    /// </summary>
    internal static double MemoryToleranceMiB(double baselineMiB) => Math.Max(64, baselineMiB / 4);

    /// <summary>
    /// Resident memory once the server has been idle for <paramref name="idle"/> and then collected in full: the
    /// collector runs on allocation, so an idle server keeps its garbage until asked. The collection is asked as
    /// dotnet-gcdump asks it, through an EventPipe session with the runtime's GC-heap-collect keyword.
    /// </summary>
    private static async Task<double> SettledResidentMiBAsync(ServerProcess server, TimeSpan idle, TextWriter log, CancellationToken ct)
    {
        await Task.Delay(idle, ct);
        try
        {
            const long GcKeyword = 0x1, GcHeapCollectKeyword = 0x800000;
            var client = new DiagnosticsClient(server.ProcessId);
            using var session = client.StartEventPipeSession(
                [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword)], requestRundown: false);
            var drain = session.EventStream.CopyToAsync(Stream.Null, ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            await session.StopAsync(ct);
            await drain;
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException)
        {
            log.WriteLine($"could not ask the server for a collection ({e.Message}); memory read without one");
        }
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        return server.ResidentMiB();
    }
}
