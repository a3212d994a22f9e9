using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Amparo.Bench;

/// <summary>Exact latency percentiles: every sample is kept and sorted (a few thousand per scenario), no bucketing error.</summary>
internal sealed class Latencies(double[] milliseconds)
{
    private readonly double[] _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    /// <summary>Nearest-rank percentile.</summary>
    public double P(double percent) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
}

internal sealed record PhaseResult(int Operations, int Errors, double Seconds, Latencies Latency, string? FirstError)
{
    public double Throughput => Operations / Seconds;
}

internal sealed record ScenarioResult(Scenario Scenario, PhaseResult Api, PhaseResult Sql)
{
    public double RatioP50 => Api.Latency.P(50) / Sql.Latency.P(50);
    public double RatioP95 => Api.Latency.P(95) / Sql.Latency.P(95);
}

/// <summary>Runs each scenario closed-loop with C concurrent workers: first through the API, then its SQL with C connections.</summary>
internal sealed class Runner(HttpClient http, BenchDatabase database, int concurrency, int seed)
{
    public double PeakServerMiB { get; private set; }

    public async Task<ScenarioResult> MeasureAsync(Scenario scenario, int operations, int warmup, Func<double>? serverMemory, CancellationToken ct)
    {
        var random = new Random(seed ^ scenario.Name.GetHashCode(StringComparison.Ordinal));
        var warm = Enumerable.Range(0, warmup).Select(_ => scenario.Input(random)).ToArray();
        var inputs = Enumerable.Range(0, operations).Select(_ => scenario.Input(random)).ToArray();
        await Phase(warm, (input, c) => scenario.Api(http, input, c), null, ct);

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = serverMemory is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                PeakServerMiB = Math.Max(PeakServerMiB, serverMemory());
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);
        var api = await Phase(inputs, (input, c) => scenario.Api(http, input, c), null, ct);
        await sampling.CancelAsync();
        await sampler;

        var connections = new DbConnection[concurrency];
        for (var i = 0; i < concurrency; i++) connections[i] = database.Open();
        try
        {
            var sqlWarm = Enumerable.Range(0, warmup).Select(_ => scenario.Input(random)).ToArray();
            await Phase(sqlWarm, null, (input, worker, c) => scenario.Sql(connections[worker], input, c), ct);
            var sql = await Phase(inputs, null, (input, worker, c) => scenario.Sql(connections[worker], input, c), ct);
            return new ScenarioResult(scenario, api, sql);
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    private async Task<PhaseResult> Phase(object[] inputs, Func<object, CancellationToken, Task<long>>? api, Func<object, int, CancellationToken, Task<long>>? sql, CancellationToken ct)
    {
        var latencies = new double[inputs.Length];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < inputs.Length)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (api is not null) await api(inputs[i], ct);
                    else await sql!(inputs[i], worker, ct);
                }
                catch (Exception e) when (e is HttpRequestException or DbException or InvalidOperationException or System.Text.Json.JsonException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        return new PhaseResult(inputs.Length, errors, clock.Elapsed.TotalSeconds, new Latencies(latencies), firstError);
    }

    /// <summary>The results as a Markdown table (the format docs/performance.md keeps).</summary>
    public static string Table(IEnumerable<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | ops | errors | API ops/s | API p50 ms | API p95 ms | API p99 ms | SQL ops/s | SQL p50 ms | SQL p95 ms | API÷SQL p50 | API÷SQL p95 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario.Name} | {r.Api.Operations} | {r.Api.Errors} | {r.Api.Throughput:F0} | {r.Api.Latency.P(50):F1} | {r.Api.Latency.P(95):F1} | {r.Api.Latency.P(99):F1} | {r.Sql.Throughput:F0} | {r.Sql.Latency.P(50):F2} | {r.Sql.Latency.P(95):F2} | {r.RatioP50:F1} | {r.RatioP95:F1} |"));
        return text.ToString();
    }
}
