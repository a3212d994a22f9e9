using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// Issue 15, item 3: failed sign-ins are limited by source at every door, an account locks for the source that failed on
/// it (everyone else still signs in), a lock answers as a wrong password does, and an account-wide lock has a recovery.
/// </summary>
public abstract class SignInLimitTests(AmparoServer server) : ServerTests(server)
{
    private HttpClient Basic(string peer, string user, string password)
    {
        var client = server.As(user, password);
        client.DefaultRequestHeaders.Add(TestPeer.Header, peer);
        return client;
    }

    private HttpClient Browser(string peer)
    {
        var browser = server.Browser();
        browser.DefaultRequestHeaders.Add(TestPeer.Header, peer);
        return browser;
    }

    private static string Unknown() => "nobody_" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task BasicAuth_GuessesOverManyNamesFromOneSource_Are429WithRetryAfter_InTheEnvelope_OtherSourcesUnaffected()
    {
        var peer = TestPeer.NewAddress();
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Basic(peer, Unknown(), "guess").GetAsync("/api/v2/cases")).StatusCode);

        var refused = await Basic(peer, Unknown(), "guess").GetAsync("/api/v2/cases");
        var error = await refused.ErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(429, error["status"]!.GetValue<int>());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        // The right password does not get through either: the source is refused before credentials are looked at.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Basic(peer, "admin", AmparoServer.AdminPassword).GetAsync("/api/v2/cases")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Basic(TestPeer.NewAddress(), "admin", AmparoServer.AdminPassword).GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task IPv6Sources_AreCountedByTheirSlash64_SoHoppingAddressesInsideItBuysNoBudget()
    {
        var prefix = $"2001:db8:{Random.Shared.Next(0, 0xFFFF):x}:{Random.Shared.Next(0, 0xFFFF):x}";
        for (var i = 1; i <= 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Basic($"{prefix}::{i:x}", Unknown(), "guess").GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Basic($"{prefix}:ffff:ffff:ffff:ffff", Unknown(), "guess").GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Basic($"2001:db8:ffff:{Random.Shared.Next(0, 0xFFFF):x}::1", Unknown(), "guess").GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task FailedSignIns_CountAcrossDoors_TokensBasicAndResetRequests()
    {
        var peer = TestPeer.NewAddress();
        var browser = Browser(peer);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionLoginAsync(Unknown(), "guess")).StatusCode);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Basic(peer, Unknown(), "guess").GetAsync("/api/v2/cases")).StatusCode);
        for (var i = 0; i < 2; i++)
        {
            var request = await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/password-reset-request",
                new JsonObject { ["user"] = new JsonObject { ["email"] = Unknown() + "@nowhere.test" } });
            Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        }

        await (await browser.SessionLoginAsync("admin", AmparoServer.AdminPassword)).ErrorAsync(HttpStatusCode.TooManyRequests);
        var reset = await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/password-reset",
            new JsonObject { ["user"] = new JsonObject { ["reset_password_token"] = "guess", ["password"] = "x", ["password_confirmation"] = "x" } });
        await reset.ErrorAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Lockout_ByOneSource_LocksTheAccountForThatSourceOnly()
    {
        var (user, password) = await server.CreateUserAsync();
        var attacker = TestPeer.NewAddress();
        for (var i = 0; i < 7; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Basic(attacker, user, "wrong").GetAsync("/api/v2/cases")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Basic(attacker, user, password).GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Basic(TestPeer.NewAddress(), user, password).GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser(TestPeer.NewAddress()).SessionLoginAsync(user, password)).StatusCode);
    }

    [Fact]
    public async Task LockedAccount_AnswersExactlyAsAnUnknownNameOrAWrongPassword()
    {
        var (user, password) = await server.CreateUserAsync();
        var peer = TestPeer.NewAddress();
        // Through Basic auth: POST /tokens would stop at its per-name limit (6 a minute) before the lock shows.
        for (var i = 0; i < 6; i++) await Basic(peer, user, "wrong").GetAsync("/api/v2/cases");

        var locked = await Browser(peer).SessionLoginAsync(user, password);
        var wrong = await Browser(TestPeer.NewAddress()).SessionLoginAsync(user, "wrong");
        var unknown = await Browser(TestPeer.NewAddress()).SessionLoginAsync(Unknown(), "wrong");
        foreach (var response in new[] { locked, wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("""{"error":"Invalid User name or password."}""", await response.Content.ReadAsStringAsync());
            Assert.Equal("Bearer realm=\"Primero\" charset=\"UTF8\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal(unknown.Content.Headers.ContentType?.ToString(), response.Content.Headers.ContentType?.ToString());
        }
    }

    [Fact]
    public async Task AccountWideLock_AfterFailuresFromManySources_IsLiftedByTheUnlockCommand()
    {
        var (user, password) = await server.CreateUserAsync();
        // Five sources, each stopping at its own lock (6): 30 failures in all, the account-wide threshold.
        for (var source = 0; source < 5; source++)
        {
            var peer = TestPeer.NewAddress();
            for (var i = 0; i < 6; i++) await Basic(peer, user, "wrong").GetAsync("/api/v2/cases");
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Basic(TestPeer.NewAddress(), user, password).GetAsync("/api/v2/cases")).StatusCode);
        await server.InTenantAsync(null, async (db, _) =>
            Assert.NotNull((await db.Users.AsNoTracking().SingleAsync(u => u.UserName == user)).LockedUntil));

        Assert.Equal(0, await AuthCommands.UnlockAsync(server.Services, user, null));
        Assert.Equal(HttpStatusCode.OK, (await Basic(TestPeer.NewAddress(), user, password).GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(1, await AuthCommands.UnlockAsync(server.Services, Unknown(), null));
    }
}

public sealed class SignInLimitTests_Sqlite(SqliteServer server) : SignInLimitTests(server), IClassFixture<SqliteServer>;

public sealed class SignInLimitTests_Postgres(PostgresServer server) : SignInLimitTests(server), IClassFixture<PostgresServer>;
