using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Amparo.Bench;

/// <summary>
/// The real server, as its own process (<c>dotnet Amparo.Server.dll</c>) on a free loopback port, so that its memory
/// is its own and the harness never shares its thread pool or GC with it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _work;

    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;

    private ServerProcess(Process process, Uri baseAddress, string work)
    {
        _process = process;
        BaseAddress = baseAddress;
        _work = work;
    }

    /// <param name="settings">Configuration for this run, over the defaults (environment-variable names: <c>Auth__X</c>).</param>
    public static async Task<ServerProcess> StartAsync(BenchDatabase database, string serverDll, TextWriter log,
        IReadOnlyDictionary<string, string>? settings = null, CancellationToken ct = default)
    {
        var port = FreePort();
        var work = Path.Combine(Path.GetTempPath(), $"amparo-bench-server-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(serverDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(serverDll);
        // appsettings.json names a port (Urls); the environment overrides it.
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__Provider"] = database.ServerProvider;
        info.Environment["ConnectionStrings__Amparo"] = database.Connection;
        info.Environment["AMPARO_ADMIN_PASSWORD"] = Generator.AdminPassword;
        info.Environment["DataProtection__KeysPath"] = Path.Combine(work, "keys");
        info.Environment["Attachments__Path"] = Path.Combine(work, "attachments");
        // Request logging at Information would measure the console, not the server.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), work);

        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{string.Join('\n', output.TakeLast(40))}");
            try
            {
                using var response = await probe.GetAsync(new Uri("api/v2/tokens", UriKind.Relative), ct);
                log.WriteLine($"server pid {process.Id} listening on {server.BaseAddress} after {started.Elapsed.TotalSeconds:F1} s");
                return server;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250, ct);
            }
        }
        await server.DisposeAsync();
        throw new TimeoutException($"The server did not start within a minute:\n{string.Join('\n', output.TakeLast(20))}");
    }

    /// <summary>Resident memory of the server process, in MiB (VmRSS).</summary>
    public double ResidentMiB() => ResidentMiB(_process.Id);

    public static double ResidentMiB(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return double.NaN;
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    /// <summary>The server build beside this one: <c>src/Amparo.Server/bin/&lt;configuration&gt;/net10.0/Amparo.Server.dll</c>.</summary>
    public static string DefaultServerDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Amparo.slnx"))) continue;
            var dll = Path.Combine(dir.FullName, "src", "Amparo.Server", "bin", configuration, "net10.0", "Amparo.Server.dll");
            if (File.Exists(dll)) return dll;
            throw new FileNotFoundException($"Build the server first (dotnet build src/Amparo.Server -c {configuration}): {dll}");
        }
        throw new FileNotFoundException("Could not find the repository root (Amparo.slnx); pass --server-dll.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
