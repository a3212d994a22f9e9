using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Amparo.Server.Tests;

/// <summary>Behind a TLS-terminating proxy at 10.0.0.5 (ReverseProxy:KnownProxies), on SQLite.</summary>
public sealed class ProxiedSqliteServer : SqliteServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ReverseProxy:KnownProxies:0", ReverseProxyTests.Proxy);
    }
}

/// <summary>Behind a TLS-terminating proxy at 10.0.0.5 (ReverseProxy:KnownProxies), on PostgreSQL.</summary>
public sealed class ProxiedPostgresServer : PostgresServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ReverseProxy:KnownProxies:0", ReverseProxyTests.Proxy);
    }
}

/// <summary>
/// Issue 15, item 4: X-Forwarded-Proto and X-Forwarded-For are believed from the configured proxy only; what the proxy
/// says is https gets HSTS and Secure cookies, and the client address it forwards is the source the sign-in limits count.
/// </summary>
public abstract class ReverseProxyTests(AmparoServer server) : ServerTests(server)
{
    public const string Proxy = "10.0.0.5";

    private async Task<HttpResponseMessage> GetAsync(string peer, string url, string? forwardedFor = null, string? forwardedProto = "https", string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(TestPeer.Header, peer);
        if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        request.Headers.Add("X-Forwarded-For", forwardedFor ?? TestPeer.NewAddress());
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request);
    }

    /// <summary>Signs in through POST /tokens via <paramref name="peer"/>, carrying the CSRF cookie by hand (a Secure cookie is not sent back over the test's http).</summary>
    private async Task<HttpResponseMessage> SignInAsync(string peer, string forwardedFor)
    {
        var csrf = (await GetAsync(peer, "/api/v2/primero", forwardedFor)).Csrf();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/tokens")
        {
            Content = Http.Json(new System.Text.Json.Nodes.JsonObject
            {
                ["user"] = new System.Text.Json.Nodes.JsonObject { ["user_name"] = "admin", ["password"] = AmparoServer.AdminPassword },
            }),
        };
        request.Headers.Add(TestPeer.Header, peer);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-CSRF-Token", csrf);
        request.Headers.Add("Cookie", "CSRF-TOKEN=" + csrf);
        return await server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request);
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Fact]
    public async Task ForwardedHttps_FromTheConfiguredProxy_GetsHstsAndSecureCookies()
    {
        var response = await GetAsync(Proxy, "/api/v2/primero");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Contains("secure", Cookies(response).Single(c => c.StartsWith("CSRF-TOKEN=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);

        var signIn = await SignInAsync(Proxy, TestPeer.NewAddress());
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("secure", Cookies(signIn).Single(c => c.StartsWith("_app_session=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
        Assert.True(signIn.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedHttps_FromAnUntrustedSource_IsIgnored()
    {
        var response = await GetAsync(TestPeer.NewAddress(), "/api/v2/primero");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", Cookies(response).Single(c => c.StartsWith("CSRF-TOKEN=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);

        // Plain http through the trusted proxy is plain http too.
        var plain = await GetAsync(Proxy, "/api/v2/primero", forwardedProto: "http");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task SignInLimit_CountsTheAddressTheProxyForwards_AndIgnoresOneAClientMakesUp()
    {
        // Behind the proxy: each client has its own budget.
        var client = TestPeer.NewAddress();
        for (var i = 0; i < 10; i++) await GetWithBasicAsync(Proxy, client, "guess");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetWithBasicAsync(Proxy, client, "guess")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithBasicAsync(Proxy, TestPeer.NewAddress(), "guess")).StatusCode);

        // Straight to the server: a made-up X-Forwarded-For on every request does not buy a fresh budget.
        var direct = TestPeer.NewAddress();
        for (var i = 0; i < 10; i++) await GetWithBasicAsync(direct, TestPeer.NewAddress(), "guess");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetWithBasicAsync(direct, TestPeer.NewAddress(), "guess")).StatusCode);
    }

    private async Task<HttpResponseMessage> GetWithBasicAsync(string peer, string forwardedFor, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/cases");
        request.Headers.Add(TestPeer.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"nobody_{Guid.NewGuid():N}:{password}")));
        return await server.CreateClient().SendAsync(request);
    }
}

public sealed class ReverseProxyTests_Sqlite(ProxiedSqliteServer server) : ReverseProxyTests(server), IClassFixture<ProxiedSqliteServer>;

public sealed class ReverseProxyTests_Postgres(ProxiedPostgresServer server) : ReverseProxyTests(server), IClassFixture<ProxiedPostgresServer>;
