using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>WebAuthn security keys as a second factor: registration, sign-in, replay, phishing, removal, role requirement.</summary>
public abstract class SecurityKeyTests(AmparoServer server) : ServerTests(server)
{
    /// <summary>Signs in with the password only; a key-protected account answers 401 with the WebAuthn options.</summary>
    private async Task<(HttpClient Browser, HttpResponseMessage Response)> PasswordStepAsync(string user, string password)
    {
        var browser = server.Browser();
        return (browser, await browser.SessionLoginAsync(user, password));
    }

    private static Task<HttpResponseMessage> SecondStepAsync(HttpClient browser, string user, string password, JsonObject factor) =>
        browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/tokens", new JsonObject
        {
            ["user"] = new JsonObject { ["user_name"] = user, ["password"] = password }.Merge(factor),
        });

    /// <summary>A signed-in browser session for a fresh user (no second factor yet).</summary>
    private async Task<(string User, string Password, HttpClient Browser)> SignedInUserAsync(string? roleUniqueId = null)
    {
        var (user, password) = await server.CreateUserAsync(roleUniqueId: roleUniqueId);
        var browser = server.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SessionLoginAsync(user, password)).StatusCode);
        return (user, password, browser);
    }

    private static async Task<JsonNode> RegisterAsync(HttpClient browser, SoftwareAuthenticator key, string name = "Blue key")
    {
        var options = (await (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/two_factor/security_keys/options", new JsonObject())).OkBodyAsync())["data"]!;
        var body = new JsonObject { ["data"] = new JsonObject { ["name"] = name, ["credential"] = key.Create(options) } };
        return (await (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/two_factor/security_keys", body)).OkBodyAsync())["data"]!;
    }

    [Fact]
    public async Task RegisteredSecurityKey_IsAskedForAtSignIn_AndItsAssertionStartsASession()
    {
        var (user, password, browser) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        var registered = await RegisterAsync(browser, key);
        Assert.Equal("Blue key", registered["name"].Str());

        var (second, challenge) = await PasswordStepAsync(user, password);
        var refused = await challenge.BodyAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.True(refused["two_factor_required"]!.GetValue<bool>());
        Assert.Contains("webauthn", refused["two_factor_methods"]!.AsArray().Select(m => m.Str()));
        var options = refused["webauthn_options"]!;
        Assert.Equal("localhost", options["rpId"].Str());
        Assert.Equal(key.CredentialId, options["allowCredentials"]![0]!["id"].Str());

        var ok = await SecondStepAsync(second, user, password, new JsonObject { ["webauthn"] = key.Get(options) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v2/cases")).StatusCode);

        var listed = (await (await second.GetAsync("/api/v2/two_factor/security_keys")).OkBodyAsync())["data"]!.AsArray();
        Assert.NotNull(Assert.Single(listed)!["last_used_at"]);
    }

    [Fact]
    public async Task SecurityKeyAssertion_Replayed_IsRefused()
    {
        var (user, password, browser) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        await RegisterAsync(browser, key);
        var (first, challenge) = await PasswordStepAsync(user, password);
        var assertion = key.Get((await challenge.BodyAsync())["webauthn_options"]!);
        Assert.Equal(HttpStatusCode.OK, (await SecondStepAsync(first, user, password, new JsonObject { ["webauthn"] = assertion.DeepClone() })).StatusCode);

        var (again, _) = await PasswordStepAsync(user, password); // a new challenge is pending now
        var replay = await SecondStepAsync(again, user, password, new JsonObject { ["webauthn"] = assertion });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("Invalid two-factor code.", (await replay.BodyAsync())["error"].Str());
    }

    [Fact]
    public async Task SecurityKeyAssertion_FromAnUnregisteredKey_IsRefused()
    {
        var (user, password, browser) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        using var stranger = new SoftwareAuthenticator();
        await RegisterAsync(browser, key);
        var (second, challenge) = await PasswordStepAsync(user, password);
        var response = await SecondStepAsync(second, user, password, new JsonObject { ["webauthn"] = stranger.Get((await challenge.BodyAsync())["webauthn_options"]!) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task SecurityKeyAssertion_MadeForAPhishingOrigin_IsRefused()
    {
        var (user, password, browser) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        await RegisterAsync(browser, key);
        using var phished = new SoftwareAuthenticator(origin: "https://amparo-login.example");
        var (second, challenge) = await PasswordStepAsync(user, password);
        var options = (await challenge.BodyAsync())["webauthn_options"]!;
        // The real key's signature, but over client data naming the phishing site's origin.
        var forged = key.Get(options);
        forged["response"]!["clientDataJSON"] = phished.Get(options)["response"]!["clientDataJSON"]!.DeepClone();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecondStepAsync(second, user, password, new JsonObject { ["webauthn"] = forged })).StatusCode);
    }

    [Fact]
    public async Task SecurityKeyRegistration_AnsweringAnotherChallenge_IsRejected()
    {
        var (_, _, browser) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        await (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/two_factor/security_keys/options", new JsonObject())).OkBodyAsync();
        var forged = new JsonObject { ["challenge"] = SoftwareAuthenticator.B64(new byte[32]) };
        var body = new JsonObject { ["data"] = new JsonObject { ["name"] = "Forged", ["credential"] = key.Create(forged) } };
        var error = await (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/two_factor/security_keys", body)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("credential", error["detail"].Str());
        Assert.Empty((await (await browser.GetAsync("/api/v2/two_factor/security_keys")).OkBodyAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task FirstSecurityKey_ComesWithRecoveryCodes_ThatSignInOnce()
    {
        var (user, password, browser) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        var codes = (await RegisterAsync(browser, key))["recovery_codes"]!.AsArray().Select(c => c.Str()).ToList();
        Assert.Equal(10, codes.Count);
        using var spare = new SoftwareAuthenticator();
        Assert.Null((await RegisterAsync(browser, spare, "Spare"))["recovery_codes"]);

        var (second, _) = await PasswordStepAsync(user, password);
        Assert.Equal(HttpStatusCode.OK, (await SecondStepAsync(second, user, password, new JsonObject { ["recovery_code"] = codes[0] })).StatusCode);
        var (third, _) = await PasswordStepAsync(user, password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecondStepAsync(third, user, password, new JsonObject { ["recovery_code"] = codes[0] })).StatusCode);
    }

    [Fact]
    public async Task SecurityKey_SatisfiesARoleThatRequiresTwoFactor_AndTheLastOneCannotBeRemoved()
    {
        var role = "role-key-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create","write"]}""");
        await server.InTenantAsync(null, async (db, _) =>
        {
            (await db.Roles.SingleAsync(r => r.UniqueId == role)).RequireTwoFactor = true;
            await db.SaveChangesAsync();
        });
        var (_, _, browser) = await SignedInUserAsync(role);
        await (await browser.GetAsync("/api/v2/cases")).ErrorAsync(HttpStatusCode.Forbidden);

        using var key = new SoftwareAuthenticator();
        var id = (await RegisterAsync(browser, key))["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v2/cases")).StatusCode);
        await (await browser.SendWithCsrfAsync(HttpMethod.Delete, $"/api/v2/two_factor/security_keys/{id}")).ErrorAsync(HttpStatusCode.Forbidden);

        using var spare = new SoftwareAuthenticator();
        await RegisterAsync(browser, spare, "Spare");
        Assert.Equal(HttpStatusCode.OK, (await browser.SendWithCsrfAsync(HttpMethod.Delete, $"/api/v2/two_factor/security_keys/{id}")).StatusCode);
        Assert.Single((await (await browser.GetAsync("/api/v2/two_factor/security_keys")).OkBodyAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task RemovingTheLastSecurityKey_EndsTheSecondFactor_AndItsRecoveryCodes()
    {
        var (user, password, browser) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        var id = (await RegisterAsync(browser, key))["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.As(user, password).GetAsync("/api/v2/cases")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.SendWithCsrfAsync(HttpMethod.Delete, $"/api/v2/two_factor/security_keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.As(user, password).GetAsync("/api/v2/cases")).StatusCode);
        var userId = await server.UserIdAsync(user);
        var codes = 0;
        await server.InTenantAsync(null, async (db, _) => codes = await db.Set<Features.Auth.RecoveryCode>().CountAsync(c => c.UserId == userId));
        Assert.Equal(0, codes);
    }

    [Fact]
    public async Task SecurityKey_OfAnotherUser_CannotBeRemoved()
    {
        var (_, _, owner) = await SignedInUserAsync();
        using var key = new SoftwareAuthenticator();
        var id = (await RegisterAsync(owner, key))["id"]!.GetValue<int>();
        var (_, _, other) = await SignedInUserAsync();
        await (await other.SendWithCsrfAsync(HttpMethod.Delete, $"/api/v2/two_factor/security_keys/{id}")).ErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await other.GetAsync("/api/v2/two_factor/security_keys")).OkBodyAsync())["data"]!.AsArray());
        Assert.Single((await (await owner.GetAsync("/api/v2/two_factor/security_keys")).OkBodyAsync())["data"]!.AsArray());
    }
}

internal static class JsonObjectMerge
{
    public static JsonObject Merge(this JsonObject target, JsonObject extra)
    {
        foreach (var (k, v) in extra) target[k] = v?.DeepClone();
        return target;
    }
}

public sealed class SecurityKeyTests_Sqlite(SqliteServer server) : SecurityKeyTests(server), IClassFixture<SqliteServer>;

public sealed class SecurityKeyTests_Postgres(PostgresServer server) : SecurityKeyTests(server), IClassFixture<PostgresServer>;
