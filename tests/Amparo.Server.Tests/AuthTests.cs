using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

public abstract class AuthTests(AmparoServer server) : ServerTests(server)
{
    private static string Login(string user, string password) => new JsonObject
    {
        ["user"] = new JsonObject { ["user_name"] = user, ["password"] = password },
    }.ToJsonString();

    /// <summary>Any GET hands out the CSRF cookie; returns its value, as a browser client reads it.</summary>
    private static async Task<string> CsrfAsync(HttpClient browser) => (await browser.GetAsync("/api/v2/primero")).Csrf();

    private static Task<HttpResponseMessage> PostWithCsrfAsync(HttpClient browser, string url, string json) =>
        browser.SendWithCsrfAsync(HttpMethod.Post, url, JsonNode.Parse(json));

    [Fact]
    public async Task Login_WithValidCredentials_ReturnsUserAndHttpOnlySessionCookie()
    {
        var (user, password) = await server.CreateUserAsync();
        var browser = server.Browser();
        var response = await PostWithCsrfAsync(browser, "/api/v2/tokens", Login("  " + user.ToUpperInvariant() + " ", password));

        var body = await response.OkBodyAsync();
        Assert.Equal(user, body["user_name"].Str());
        Assert.Equal("self", body["group_permission"].Str());
        Assert.True(body["id"]!.GetValue<int>() > 0);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("_app_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);

        var cases = await browser.GetAsync("/api/v2/cases");
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
    }

    [Fact]
    public async Task Login_WithWrongPassword_Is401InDeviseShape()
    {
        var (user, _) = await server.CreateUserAsync();
        var response = await PostWithCsrfAsync(server.Browser(), "/api/v2/tokens", Login(user, "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid User name or password.", (await response.BodyAsync())["error"].Str());
        Assert.Contains("Bearer realm=\"Primero\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnknownUser_IsTheSame401AsAWrongPassword()
    {
        var response = await PostWithCsrfAsync(server.Browser(), "/api/v2/tokens", Login("nobody_" + Guid.NewGuid().ToString("N")[..8], "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid User name or password.", (await response.BodyAsync())["error"].Str());
    }

    [Fact]
    public async Task Login_SixFailures_LockTheAccount_EvenForTheRightPassword()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, "wrong"); // Basic auth counts towards the same lockout, and is not throttled per minute
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v2/cases")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.As(user, password).GetAsync("/api/v2/cases")).StatusCode);
        var response = await PostWithCsrfAsync(server.Browser(), "/api/v2/tokens", Login(user, password));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // Locked, and it answers exactly as a wrong password would: the lock reveals no account.
        Assert.Equal("Invalid User name or password.", (await response.BodyAsync())["error"].Str());
    }

    [Fact]
    public async Task Login_SeventhAttemptWithinAMinute_Is429()
    {
        var (user, password) = await server.CreateUserAsync();
        var browser = server.Browser();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostWithCsrfAsync(browser, "/api/v2/tokens", Login(user, "wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostWithCsrfAsync(browser, "/api/v2/tokens", Login(user, password))).StatusCode);
        var refused = await PostWithCsrfAsync(browser, "/api/v2/tokens", Login(user, password));
        await refused.ErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }

    [Fact]
    public async Task ProtectedEndpoint_Anonymous_Is401WithWwwAuthenticate()
    {
        var response = await server.Browser().GetAsync("/api/v2/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("You need to sign in or sign up before continuing.", (await response.BodyAsync())["error"].Str());
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task BasicAuth_WritesWithoutCsrfToken()
    {
        var (user, password) = await server.CreateUserAsync();
        var response = await server.As(user, password).PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_first":"Basic"}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutCsrfToken_Is403()
    {
        var (user, password) = await server.CreateUserAsync();
        var response = await server.Browser().PostAsync("/api/v2/tokens", Http.Json(Login(user, password)));
        var error = await response.ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Can't verify CSRF token authenticity.", error["message"].Str());
    }

    [Fact]
    public async Task SessionWrite_WithoutOrWithWrongCsrfHeader_Is403_AndWritesNothing()
    {
        var (user, password) = await server.CreateUserAsync();
        var browser = server.Browser();
        Assert.Equal(HttpStatusCode.OK, (await PostWithCsrfAsync(browser, "/api/v2/tokens", Login(user, password))).StatusCode);
        var before = await server.CountRecordsAsync();

        var bare = await browser.PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_first":"Forged"}}"""));
        await bare.ErrorAsync(HttpStatusCode.Forbidden);
        var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v2/cases") { Content = Http.Json("""{"data":{"name_first":"Forged"}}""") };
        wrong.Headers.Add("X-CSRF-Token", "not-the-token");
        await (await browser.SendAsync(wrong)).ErrorAsync(HttpStatusCode.Forbidden);

        Assert.Equal(before, await server.CountRecordsAsync());
    }

    [Fact]
    public async Task SessionWrite_WithTheSessionsCsrfToken_Succeeds()
    {
        var (user, password) = await server.CreateUserAsync();
        var browser = server.Browser();
        Assert.Equal(HttpStatusCode.OK, (await PostWithCsrfAsync(browser, "/api/v2/tokens", Login(user, password))).StatusCode);
        var response = await PostWithCsrfAsync(browser, "/api/v2/cases", """{"data":{"name_first":"Session"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var (user, password) = await server.CreateUserAsync();
        var browser = server.Browser();
        await PostWithCsrfAsync(browser, "/api/v2/tokens", Login(user, password));
        var token = await CsrfAsync(browser);
        var logout = new HttpRequestMessage(HttpMethod.Delete, "/api/v2/tokens");
        logout.Headers.Add("X-CSRF-Token", token);
        var response = await browser.SendAsync(logout);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task Login_EndsTheUsersOtherSessions()
    {
        var (user, password) = await server.CreateUserAsync();
        var first = server.Browser();
        var second = server.Browser();
        await PostWithCsrfAsync(first, "/api/v2/tokens", Login(user, password));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v2/cases")).StatusCode);
        await PostWithCsrfAsync(second, "/api/v2/tokens", Login(user, password));

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task Login_MalformedBody_Is422NotA500()
    {
        var browser = server.Browser();
        var token = await CsrfAsync(browser);
        foreach (var body in new[] { "{not json", "[]", """{"user":"x"}""" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/tokens") { Content = Http.Json(body) };
            request.Headers.Add("X-CSRF-Token", token);
            await (await browser.SendAsync(request)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        }
    }
}

public sealed class AuthTests_Sqlite(SqliteServer server) : AuthTests(server), IClassFixture<SqliteServer>;

public sealed class AuthTests_Postgres(PostgresServer server) : AuthTests(server), IClassFixture<PostgresServer>;
