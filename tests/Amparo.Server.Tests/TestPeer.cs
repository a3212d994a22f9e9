using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Amparo.Server.Tests;

/// <summary>
/// The in-memory test server has no TCP peer (no remote address). A request carrying <see cref="Header"/> comes from that
/// address instead, as if it had connected from there: the sign-in limits by source and the trusted-proxy rules see it.
/// Runs before the whole pipeline, where Kestrel would have set the address.
/// </summary>
internal sealed class TestPeer : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    private static int _next = Random.Shared.Next(0, 60_000);

    /// <summary>A fresh address (198.18.0.0/15, the benchmarking range) for a test's own source.</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _next);
        return $"198.{18 + ((n >> 16) & 1)}.{(n >> 8) & 0xFF}.{n & 0xFF}";
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var peer)) context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            return following(context);
        });
        next(app);
    };
}
