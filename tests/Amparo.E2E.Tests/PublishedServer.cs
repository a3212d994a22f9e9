using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

/// <summary>
/// The published Amparo (trimmed client, precompressed assets: what users download) running as its own
/// process on a free loopback port with a fresh SQLite database, and Debian's Chromium driven by Playwright.
/// One server for every journey (starting a server and a browser is a good part of a journey's time): each journey
/// makes the users and records it works with, and leaves the admin account as it found it.
/// </summary>
public sealed class PublishedServer : IAsyncLifetime
{
    public const string AdminPassword = "e2e-admin-password-1";
    public const string Collection = "published server";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"amparo-e2e-{Guid.NewGuid():N}");
    private Process? _process;
    private IPlaywright? _playwright;

    /// <summary>Settings for the server's process beyond the defaults (set before it starts), such as <c>AMPARO_SEED</c>.</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = [];

    public Uri BaseAddress { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Amparo.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Amparo.slnx not found above the test output.");
    }

    public async Task InitializeAsync()
    {
        var dll = Environment.GetEnvironmentVariable("AMPARO_E2E_SERVER") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot(), "artifacts", "publish", "Amparo.Server.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"Published server not found at {dll}: run ./test.sh, which publishes it first.");

        Directory.CreateDirectory(_dataDir);
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AMPARO_ADMIN_PASSWORD"] = AdminPassword;
        start.Environment["DataProtection__KeysPath"] = Path.Combine(_dataDir, "keys");
        start.Environment["ConnectionStrings__Amparo"] = $"Data Source={Path.Combine(_dataDir, "amparo.db")}";
        foreach (var (key, value) in ExtraEnvironment) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("AMPARO_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // This machine has no route to the internet: keep Chromium from trying (see the env notes).
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("The server did not become healthy within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(PublishedServer.Collection)]
public sealed class SharedPublishedServer : ICollectionFixture<PublishedServer>;
