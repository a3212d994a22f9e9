using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Fuzz;

namespace Amparo.Bench;

/// <summary>
/// <c>fuzz</c>: the long mode of the test project's fuzz run (the same request generator, <c>Fuzz/FuzzRun.cs</c>) against a
/// published server on a real database: generates a small data set, starts the server, sends <c>--requests</c> malformed
/// requests to every operation of its OpenAPI document, and reports 5xx answers, changes to records the run should not
/// have changed, and the server's resident memory before, at its peak and after. Exit code 1 on any 5xx or unexpected change.
/// </summary>
internal static class FuzzCommand
{
    public static async Task<int> RunAsync(Options options, TextWriter log, CancellationToken ct)
    {
        var database = options.Database();
        var requests = options.Int("requests", 100_000);
        var seed = options.Int("seed", 15);
        if (!options.Has("no-generate"))
            await Generator.GenerateAsync(database, options.Int("cases", 500), seed, options.Fixtures, log, ct);
        await using var server = await ServerProcess.StartAsync(database, options.ServerDll, log, ct);
        using var admin = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{Generator.AdminPassword}")));
        using var anonymous = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        var operations = FuzzRequests.Operations(JsonNode.Parse(await admin.GetStringAsync("openapi/v1.json", ct))!);
        var ids = (JsonNode.Parse(await admin.GetStringAsync("api/v2/cases?per=5", ct))!["data"]!.AsArray()).Select(c => c!["id"]!.GetValue<string>()).ToList();
        var before = await FuzzSnapshot.TakeAsync(admin, ids, ct);
        var rssBefore = server.ResidentMiB();
        log.WriteLine($"{operations.Count} operations, {requests} requests, seed {seed}; server resident {rssBefore:F0} MiB");

        var peak = rssBefore;
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
        var outcome = await new FuzzRequests(operations, seed, ids).RunAsync(admin, anonymous, requests, options.Int("concurrency", 8), ct);
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        // The server's collector runs on its own schedule: give it a moment after the load before reading memory.
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        var rssAfter = server.ResidentMiB();
        var unexpected = FuzzSnapshot.Unexpected(before, await FuzzSnapshot.TakeAsync(admin, ids, ct), outcome);

        log.WriteLine($"{outcome.Requests} requests in {clock.Elapsed.TotalSeconds:F0} s: {outcome.Status2xx} 2xx, {outcome.Status4xx} 4xx, {outcome.Status5xx} 5xx, {outcome.Other} other, {outcome.NotSent} not sent");
        log.WriteLine($"accepted writes {outcome.AcceptedWrites.Count}; unexpected changes {unexpected.Count}");
        log.WriteLine($"server resident memory: before {rssBefore:F0} MiB, peak {peak:F0} MiB, after {rssAfter:F0} MiB");
        foreach (var e in outcome.ServerErrors) log.WriteLine($"5xx {e}");
        foreach (var u in unexpected) log.WriteLine($"changed {u}");
        return outcome.Status5xx == 0 && unexpected.Count == 0 ? 0 : 1;
    }
}
