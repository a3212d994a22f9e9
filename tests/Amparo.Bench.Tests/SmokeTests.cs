using Amparo.Bench;
using Npgsql;
using Xunit.Abstractions;

namespace Amparo.Bench.Tests;

/// <summary>
/// The benchmark harness's smoke mode (N = 2,000) on each database, so the harness cannot rot: it generates the data
/// with the server's code, starts the real server, and checks that every scenario's API answer matches its SQL
/// equivalent. Timings are printed for the curious, never asserted.
/// </summary>
public class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Smoke_OnSqlite_GeneratesCasesAndEveryScenarioAnswersAsItsSql()
    {
        var log = new StringWriter();
        var failures = await Bench.SmokeAsync(null, Bench.SmokeCases, NameLists.DefaultFolder(), ServerProcess.DefaultServerDll(), log, CancellationToken.None);
        output.WriteLine(log.ToString());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Smoke_OnPostgres_GeneratesCasesAndEveryScenarioAnswersAsItsSql()
    {
        // The cluster the test command starts. Missing means the tests were run the wrong way: fail, never skip.
        var cluster = Environment.GetEnvironmentVariable("AMPARO_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("AMPARO_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster.");
        var name = $"amparo_bench_smoke_{Guid.NewGuid():N}";
        var database = new BenchDatabase("postgres", new NpgsqlConnectionStringBuilder(cluster) { Database = name }.ConnectionString);
        var log = new StringWriter();
        try
        {
            var failures = await Bench.SmokeAsync(database, Bench.SmokeCases, NameLists.DefaultFolder(), ServerProcess.DefaultServerDll(), log, CancellationToken.None);
            output.WriteLine(log.ToString());
            Assert.Empty(failures);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(cluster);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
