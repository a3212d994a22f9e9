using System.Globalization;
using Amparo.Bench;

// Amparo's benchmark harness (issue 7, ADR 0016). Commands:
//   generate --provider postgres|sqlite --connection <cs> [--cases 1000000] [--seed 42] [--fixtures <primero-data folder>]
//   run      --provider postgres|sqlite --connection <cs> [--concurrency 8 | 1,8] [--requests 2000] [--warmup 100]
//            [--scenarios list,show,...] [--server-url http://host:port/ | --server-dll <Amparo.Server.dll>]
//   fuzz     --provider postgres|sqlite --connection <cs> [--requests 100000] [--seed 15] [--cases 500] [--no-generate]
//            [--concurrency 8] [--idle-seconds 30]: malformed requests to every OpenAPI operation; exit 1 on any 5xx, request
//            without an answer, unexpected change or memory that does not come back
//   smoke    [--provider sqlite|postgres --connection <cs>] [--cases 2000]: generates, then checks answers, never timings
var options = Options.Parse(args[1..]);
Console.WriteLine($"$ {Options.CommandLine()}");
Console.WriteLine($"# {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

switch (args.FirstOrDefault())
{
    case "generate":
        await Generator.GenerateAsync(options.Database(), options.Int("cases", 1_000_000), options.Int("seed", 42), options.Fixtures, Console.Out, cancel.Token);
        return 0;
    case "run":
        await Bench.RunAsync(options, Console.Out, cancel.Token);
        return 0;
    case "fuzz":
        return await FuzzCommand.RunAsync(options, Console.Out, cancel.Token);
    case "smoke":
        var failures = await Bench.SmokeAsync(options.Has("connection") ? options.Database() : null, options.Int("cases", Bench.SmokeCases), options.Fixtures,
            options.ServerDll, Console.Out, cancel.Token);
        foreach (var f in failures) Console.WriteLine($"FAIL {f}");
        Console.WriteLine(failures.Count == 0 ? "smoke: every scenario answered correctly" : $"smoke: {failures.Count} failures");
        return failures.Count == 0 ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: Amparo.Bench generate|run|fuzz|smoke [options] (see bench/README in docs/performance.md)");
        return 2;
}

namespace Amparo.Bench
{
    internal sealed class Options
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument {args[i]}");
                options._values[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
            return options;
        }

        public static string CommandLine() =>
            "dotnet " + string.Join(' ', Environment.GetCommandLineArgs().Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains(';', StringComparison.Ordinal) ? $"\"{a}\"" : a));

        public bool Has(string name) => _values.ContainsKey(name);
        public string? Get(string name) => _values.GetValueOrDefault(name);
        public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;

        public BenchDatabase Database() => new(Get("provider") ?? "sqlite",
            Get("connection") ?? throw new ArgumentException("--connection is required"));

        public string Fixtures => Get("fixtures") ?? NameLists.DefaultFolder();
        public string ServerDll => Get("server-dll") ?? ServerProcess.DefaultServerDll();
    }
}
