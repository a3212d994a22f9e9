using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.E2E.Tests;

namespace Amparo.Compat.Tests;

/// <summary>
/// Primero's own web client (v2.15.2, built unmodified, in <c>../shared/primero-client</c> beside the repository) in front
/// of the published Amparo server with its demo data: Node runs the folder's <c>serve.js</c>, which plays the part of
/// Primero's Rails front end (the page, the client's files) and proxies everything else to Amparo, writing one JSON line
/// per proxied request to a log that journeys read to find every status Amparo answered. One of each for the project.
/// </summary>
public sealed class PrimeroClient : IAsyncLifetime
{
    public const string Collection = "Primero's client";
    public const string DemoPassword = "compat-demo-password-1";

    private readonly string _logFile = Path.Combine(Path.GetTempPath(), $"amparo-compat-{Guid.NewGuid():N}.jsonl");
    private Process? _serve;
    private readonly StringBuilder _serveOutput = new();

    public PublishedServer Server { get; } = new();

    /// <summary>Where the browser opens Primero's client (serve.js).</summary>
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>Primero's built client, found beside the repository; a clear failure when it is not there.</summary>
    public static string ClientFolder()
    {
        var folder = Path.GetFullPath(Path.Combine(PublishedServer.RepositoryRoot(), "..", "shared", "primero-client"));
        if (!File.Exists(Path.Combine(folder, "serve.js")) || !File.Exists(Path.Combine(folder, "index.html")))
            throw new DirectoryNotFoundException(
                $"Primero's built web client was not found at {folder} (serve.js and index.html): the compatibility tests run it from ../shared/primero-client beside the repository.");
        return folder;
    }

    public async Task InitializeAsync()
    {
        var folder = ClientFolder();
        Server.ExtraEnvironment["AMPARO_SEED"] = "demo";
        Server.ExtraEnvironment["AMPARO_DEMO_PASSWORD"] = DemoPassword;
        await Server.InitializeAsync();
        await PrepareDataAsync();

        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("AMPARO_NODE") ?? "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(folder, "serve.js"), "--amparo", Server.BaseAddress.ToString().TrimEnd('/'),
                     "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log", _logFile })
            start.ArgumentList.Add(arg);
        try
        {
            _serve = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Node.js is needed to run Primero's client (serve.js): install it (./test.sh does) or set AMPARO_NODE.", e);
        }
        _serve.OutputDataReceived += (_, e) => { lock (_serveOutput) _serveOutput.AppendLine(e.Data); };
        _serve.ErrorDataReceived += (_, e) => { lock (_serveOutput) _serveOutput.AppendLine(e.Data); };
        _serve.BeginOutputReadLine();
        _serve.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_serve.HasExited)
                throw new InvalidOperationException($"serve.js exited with code {_serve.ExitCode}: {Output}");
            try
            {
                if ((await http.GetAsync(new Uri("robots.txt", UriKind.Relative))).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"serve.js did not answer within 30 s: {Output}");
            await Task.Delay(100);
        }
    }

    public const string CodeOfConductTitle = "Compat code of conduct";

    /// <summary>
    /// A code of conduct in force, as a running installation has (Primero answers 404 to <c>GET /codes_of_conduct</c>
    /// when there is none, and its client's settings screen then throws). The demo users have accepted it; the
    /// administrator accepts it in the client, which asks at sign-in.
    /// </summary>
    private async Task PrepareDataAsync()
    {
        using var admin = Api("admin", PublishedServer.AdminPassword);
        var code = await PostAsync(admin, "api/v2/codes_of_conduct", new JsonObject { ["title"] = CodeOfConductTitle, ["content"] = "Be kind; keep children's data safe." });
        foreach (var user in new[] { "caseworker1", "caseworker2", "caseworker3", "manager1" })
        {
            using var api = Api(user, DemoPassword);
            await PostAsync(api, "api/v2/codes_of_conduct/accept", new JsonObject { ["code_of_conduct_id"] = code["id"]!.DeepClone() });
        }
    }

    /// <summary>POSTs <c>{data: ...}</c> and returns the answer's <c>data</c>, failing on an error answer.</summary>
    public static async Task<JsonNode> PostAsync(HttpClient api, string path, JsonObject data)
    {
        var response = await api.PostAsync(path, new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["data"]!;
    }

    /// <summary>A new case of <paramref name="user"/>'s, made through the API, for a journey that needs its own: (id, short id).</summary>
    public async Task<(string Id, string ShortId)> CreateCaseAsync(string user, string firstName, string lastName)
    {
        using var api = Api(user, DemoPassword);
        var made = await PostAsync(api, "api/v2/cases", new JsonObject { ["name_first"] = firstName, ["name_last"] = lastName, ["sex"] = "female" });
        return (made["id"]!.GetValue<string>(), made["short_id"]!.GetValue<string>());
    }

    private string Output { get { lock (_serveOutput) return _serveOutput.ToString(); } }

    /// <summary>How far the proxy log has grown: a journey reads the requests after the mark it took when it began.</summary>
    public long LogMark() => File.Exists(_logFile) ? new FileInfo(_logFile).Length : 0;

    /// <summary>The requests serve.js proxied to Amparo since <paramref name="mark"/>.</summary>
    public IReadOnlyList<ProxiedRequest> RequestsSince(long mark)
    {
        if (!File.Exists(_logFile)) return [];
        using var stream = new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(mark, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var requests = new List<ProxiedRequest>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && JsonNode.Parse(line) is JsonObject entry)
                requests.Add(new ProxiedRequest(entry["method"]!.GetValue<string>(), entry["url"]!.GetValue<string>(), entry["status"]!.GetValue<int>()));
        return requests;
    }

    /// <summary>Amparo's API with HTTP Basic auth, for the data journeys start from.</summary>
    public HttpClient Api(string user, string password)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_serve is { HasExited: false })
        {
            _serve.Kill(entireProcessTree: true);
            await _serve.WaitForExitAsync();
        }
        _serve?.Dispose();
        await Server.DisposeAsync();
        // Every request the client made, next to the test results: what docs/primero-client-endpoints.md lists.
        var results = Path.Combine(PublishedServer.RepositoryRoot(), "artifacts", "test-results");
        Directory.CreateDirectory(results);
        if (File.Exists(_logFile)) File.Move(_logFile, Path.Combine(results, "compat-requests.jsonl"), overwrite: true);
    }
}

public sealed record ProxiedRequest(string Method, string Url, int Status)
{
    public string Path => Url.Split('?')[0];

    public override string ToString() => $"{Status} {Method} {Url}";
}

[CollectionDefinition(PrimeroClient.Collection)]
public sealed class SharedPrimeroClient : ICollectionFixture<PrimeroClient>;
