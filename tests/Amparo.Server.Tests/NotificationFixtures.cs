using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;

namespace Amparo.Server.Tests;

/// <summary>
/// What a server needs to send notifications somewhere a test can look: an SMTP sink, a fake push service, and a
/// VAPID key pair generated for this run.
/// </summary>
public sealed class NotificationKit : IDisposable
{
    public const string Subject = "mailto:ops@amparo.test";

    public SmtpSink Sink { get; } = new();
    public FakePushService Push { get; } = new();
    public string VapidPublic { get; }
    public string VapidPrivate { get; }

    public NotificationKit()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(includePrivateParameters: true);
        VapidPublic = Base64Url([0x04, .. p.Q.X!, .. p.Q.Y!]);
        VapidPrivate = Base64Url(p.D!);
    }

    public void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mail:Host", "127.0.0.1");
        builder.UseSetting("Mail:Port", Sink.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Security", "None");
        builder.UseSetting("Mail:PublicUrl", "https://amparo.test");
        builder.UseSetting("WebPush:PublicKey", VapidPublic);
        builder.UseSetting("WebPush:PrivateKey", VapidPrivate);
        builder.UseSetting("WebPush:Subject", Subject);
        builder.UseSetting("WebPush:AllowHttpEndpoints", "true");
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    public void Dispose()
    {
        Sink.Dispose();
        Push.Dispose();
    }
}

public sealed class NotifySqliteServer : SqliteServer
{
    public NotificationKit Kit { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Kit.Configure(builder);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Kit.Dispose();
    }
}

public sealed class NotifyPostgresServer : PostgresServer
{
    public NotificationKit Kit { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Kit.Configure(builder);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Kit.Dispose();
    }
}

/// <summary>One request a push service received, as sent (the body stays encrypted).</summary>
public sealed record PushRequest(string Path, string? Authorization, string? ContentEncoding, string? Ttl, byte[] Body);

/// <summary>
/// A push service on a loopback port: records every request and answers 201 Created, or 410 Gone for paths under
/// <c>/gone/</c> (a subscription the browser dropped).
/// </summary>
public sealed class FakePushService : IDisposable
{
    private readonly HttpListener _listener = new();

    public FakePushService()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = ServeAsync();
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<PushRequest> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue(new PushRequest(path, context.Request.Headers["Authorization"], context.Request.Headers["Content-Encoding"],
                context.Request.Headers["TTL"], body.ToArray()));
            context.Response.StatusCode = path.StartsWith("/gone/", StringComparison.Ordinal) ? 410 : 201;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
