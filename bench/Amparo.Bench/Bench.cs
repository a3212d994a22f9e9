using System.Globalization;

namespace Amparo.Bench;

/// <summary>The <c>run</c> and <c>smoke</c> commands.</summary>
internal static class Bench
{
    public const int SmokeCases = 2_000;

    public static async Task RunAsync(Options options, TextWriter log, CancellationToken ct)
    {
        var database = options.Database();
        var info = await Generator.LoadInfoAsync(database, ct);
        // "--concurrency 1,8": each scenario measured at each level, one table per level (issue 16 reports both).
        var levels = (options.Get("concurrency") ?? "8").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).Distinct().ToList();
        var requests = options.Int("requests", 2000);
        var warmup = options.Int("warmup", 100);
        var only = options.Get("scenarios")?.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

        await using var server = options.Get("server-url") is null ? await ServerProcess.StartAsync(database, options.ServerDll, log, ct: ct) : null;
        var baseAddress = server?.BaseAddress ?? new Uri(options.Get("server-url")!);
        var set = await ScenarioSet.CreateAsync(database, info, options.Fixtures, ct);
        try
        {
            using var http = await set.SignInAsync(baseAddress, levels.Max(), ct);
            log.WriteLine($"dataset: {info.Cases:N0} cases on {database.Provider}; user {set.User.UserName} (group scope, groups {string.Join(",", set.User.GroupIds)}), " +
                $"{ScenarioSet.AllCasesUser} (scope all) for the all-cases list; concurrency {string.Join(", ", levels)}, {requests} requests per scenario after {warmup} warm-up");
            // Settle after start-up and sign-in, then read idle memory.
            await Task.Delay(2000, ct);
            var idle = server?.ResidentMiB() ?? double.NaN;
            var tables = new List<(int Concurrency, List<ScenarioResult> Results)>();
            var peak = 0.0;
            foreach (var concurrency in levels)
            {
                var runner = new Runner(http, database, concurrency, options.Int("seed", 42));
                var results = new List<ScenarioResult>();
                log.WriteLine($"concurrency {concurrency}:");
                foreach (var scenario in set.All().Where(s => only is null || only.Contains(s.Name)))
                {
                    // Downloads move 500 records each: fewer of them keep the run short without losing the percentiles.
                    var n = scenario.Name.StartsWith("download", StringComparison.Ordinal) ? Math.Max(20, requests / 10) : requests;
                    var w = scenario.Name.StartsWith("download", StringComparison.Ordinal) ? Math.Max(2, warmup / 10) : warmup;
                    var result = await runner.MeasureAsync(scenario, n, w, server is null ? null : server.ResidentMiB, ct);
                    results.Add(result);
                    var first = (result.Api.FirstError ?? result.Sql.FirstError) is { } e ? $" (first: {e})" : "";
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {scenario.Name}: {result.Api.Throughput:F0}/s p50 {result.Api.Latency.P(50):F1} p95 {result.Api.Latency.P(95):F1} p99 {result.Api.Latency.P(99):F1} ms; SQL p50 {result.Sql.Latency.P(50):F2} p95 {result.Sql.Latency.P(95):F2} ms; errors {result.Api.Errors}/{result.Sql.Errors}{first}"));
                }
                tables.Add((concurrency, results));
                peak = Math.Max(peak, runner.PeakServerMiB);
            }
            log.WriteLine();
            log.WriteLine(ScenarioSet.Describe(tables[0].Results.Select(r => r.Scenario)));
            foreach (var (concurrency, results) in tables)
            {
                log.WriteLine($"concurrency {concurrency}:");
                log.WriteLine();
                log.WriteLine(Runner.Table(results));
            }
            if (set.DownloadCount > 0)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"download 500: {set.DownloadBytes / set.DownloadCount / 1024.0:F0} KiB JSON per page, {set.DownloadCompressedBytes / set.DownloadCount / 1024.0:F0} KiB {(set.DownloadServerCompressed ? $"on the wire ({set.DownloadEncoding}, compressed by the server)" : "gzip (the server sent it uncompressed; size computed by the harness)")}"));
            if (server is not null)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server memory (VmRSS): idle {idle:F0} MiB, peak under load {peak:F0} MiB, after run {server.ResidentMiB():F0} MiB"));
        }
        finally
        {
            await set.DisposeHostAsync();
        }
    }

    /// <summary>
    /// Generates a small dataset, starts the real server on it and checks that every scenario answers what its SQL
    /// answers (counts, rows, writes that took), then runs the measuring loop briefly so that it cannot rot. Timings are
    /// printed, never checked. Returns the failures.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SmokeAsync(BenchDatabase? database, int cases, string fixtures, string serverDll, TextWriter log, CancellationToken ct)
    {
        var file = database is null ? Path.Combine(Path.GetTempPath(), $"amparo-bench-smoke-{Guid.NewGuid():N}.db") : null;
        database ??= new BenchDatabase("sqlite", $"Data Source={file}");
        var failures = new List<string>();
        try
        {
            var info = await Generator.GenerateAsync(database, cases, 7, fixtures, log, ct);
            await using var server = await ServerProcess.StartAsync(database, serverDll, log, ct: ct);
            var set = await ScenarioSet.CreateAsync(database, info, fixtures, ct);
            try
            {
                using var http = await set.SignInAsync(server.BaseAddress, 2, ct);
                await using var connection = database.Open();
                var random = new Random(11);
                foreach (var scenario in set.All())
                {
                    for (var k = 0; k < 3; k++)
                    {
                        var input = scenario.Input(random);
                        long api, sql;
                        try
                        {
                            api = await scenario.Api(http, input, ct);
                            sql = await scenario.Sql(connection, input, ct);
                        }
                        catch (Exception e) when (e is HttpRequestException or System.Data.Common.DbException or InvalidOperationException)
                        {
                            failures.Add($"{scenario.Name}: {e.Message}");
                            break;
                        }
                        if (scenario.IsWrite ? api != 1 || sql != 1 : api != sql)
                            failures.Add($"{scenario.Name}: API answered {api}, SQL {sql} for {input}");
                        if (scenario.Name is "phonetic search" or "show" or "download 500" && api < 1)
                            failures.Add($"{scenario.Name}: found nothing for {input}");
                    }
                }
                if (set.DownloadBytes <= 0 || set.DownloadCompressedBytes <= 0) failures.Add("download 500: no bytes measured");

                var runner = new Runner(http, database, 2, 42);
                var results = new List<ScenarioResult>();
                foreach (var scenario in set.All()) results.Add(await runner.MeasureAsync(scenario, 6, 1, server.ResidentMiB, ct));
                log.WriteLine(Runner.Table(results));
                foreach (var r in results)
                {
                    if (r.Api.Errors + r.Sql.Errors > 0) failures.Add($"{r.Scenario.Name}: {r.Api.Errors} API and {r.Sql.Errors} SQL errors ({r.Api.FirstError ?? r.Sql.FirstError})");
                    if (!double.IsFinite(r.RatioP50) || r.RatioP50 <= 0) failures.Add($"{r.Scenario.Name}: no API÷SQL ratio");
                }
                if (!(runner.PeakServerMiB > 0)) failures.Add("server memory was not read");
            }
            finally
            {
                await set.DisposeHostAsync();
            }
        }
        finally
        {
            if (file is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                    if (File.Exists(f)) File.Delete(f);
            }
        }
        return failures;
    }
}
