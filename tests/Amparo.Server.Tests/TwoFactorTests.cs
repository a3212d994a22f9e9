using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Amparo.Server.Tests;

public abstract class TwoFactorTests(AmparoServer server) : ServerTests(server)
{
    private static string Code(string secret, int stepOffset = 0) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepOffset));

    /// <summary>A cookie-session client for the user, or the refusal's status and body.</summary>
    private async Task<(HttpClient Browser, HttpResponseMessage Response)> LoginAsync(string user, string password, string? code = null, string? recovery = null)
    {
        var browser = server.Browser();
        var body = new JsonObject { ["user_name"] = user, ["password"] = password };
        if (code is not null) body["code"] = code;
        if (recovery is not null) body["recovery_code"] = recovery;
        return (browser, await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/tokens", new JsonObject { ["user"] = body }));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string url, string json) =>
        browser.SendWithCsrfAsync(HttpMethod.Post, url, JsonNode.Parse(json));

    /// <summary>Enrols the user; returns the secret and the recovery codes.</summary>
    private static async Task<(string Secret, string[] RecoveryCodes)> EnrolAsync(HttpClient client, Func<HttpClient, string, string, Task<HttpResponseMessage>> post)
    {
        var setup = (await (await post(client, "/api/v2/two_factor/setup", "{}")).OkBodyAsync())["data"]!;
        var secret = setup["secret"].Str();
        Assert.StartsWith("otpauth://totp/", setup["otpauth_uri"].Str(), StringComparison.Ordinal);
        var confirmed = (await (await post(client, "/api/v2/two_factor/confirm", $$"""{"data":{"code":"{{Code(secret)}}"} }""")).OkBodyAsync())["data"]!;
        Assert.True(confirmed["enabled"]!.GetValue<bool>());
        return (secret, [.. confirmed["recovery_codes"]!.AsArray().Select(c => c.Str())]);
    }

    private static Task<HttpResponseMessage> BasicPost(HttpClient client, string url, string json) => client.PostAsync(url, Http.Json(json));

    [Fact]
    public async Task Enrolled_User_NeedsAFreshCodeOrAnUnusedRecoveryCode_ToSignIn()
    {
        var (user, password) = await server.CreateUserAsync();
        var (secret, recovery) = await EnrolAsync(server.As(user, password), BasicPost);
        Assert.Equal(10, recovery.Length);

        var (_, missing) = await LoginAsync(user, password);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.True((await missing.BodyAsync())["two_factor_required"]!.GetValue<bool>());

        var code = Code(secret, 1);
        var (browser, ok) = await LoginAsync(user, password, code);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v2/cases")).StatusCode);

        var (_, replay) = await LoginAsync(user, password, code);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("Invalid two-factor code.", (await replay.BodyAsync())["error"].Str());

        var (_, withRecovery) = await LoginAsync(user, password, recovery: recovery[0]);
        Assert.Equal(HttpStatusCode.OK, withRecovery.StatusCode);
        var (_, recoveryAgain) = await LoginAsync(user, password, recovery: recovery[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, recoveryAgain.StatusCode);
    }

    [Fact]
    public async Task Enrolled_User_CannotUseBasicAuth()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        await EnrolAsync(client, BasicPost);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task Secret_IsNotStoredInPlainText()
    {
        var (user, password) = await server.CreateUserAsync();
        var (secret, _) = await EnrolAsync(server.As(user, password), BasicPost);
        string? stored = null;
        await server.InTenantAsync(null, async (db, _) => stored = (await db.Users.SingleAsync(u => u.UserName == user)).TwoFactorSecret);
        Assert.NotNull(stored);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleRequiringTwoFactor_AllowsOnlyEnrolmentUntilDone_ThenWorks()
    {
        var role = "role-2fa-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create","write"]}""");
        await server.InTenantAsync(null, async (db, _) =>
        {
            (await db.Roles.SingleAsync(r => r.UniqueId == role)).RequireTwoFactor = true;
            await db.SaveChangesAsync();
        });
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.As(user, password).GetAsync("/api/v2/cases")).StatusCode);

        var (browser, login) = await LoginAsync(user, password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var blocked = await (await browser.GetAsync("/api/v2/cases")).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Two-factor authentication must be set up first.", blocked["message"].Str());

        var (secret, recovery) = await EnrolAsync(browser, PostAsync);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v2/cases")).StatusCode);
        var disable = await PostAsync(browser, "/api/v2/two_factor/disable", $$"""{"data":{"recovery_code":"{{recovery[0]}}"} }""");
        await disable.ErrorAsync(HttpStatusCode.Forbidden);
        Assert.NotEmpty(secret);
    }

    [Fact]
    public async Task Disable_NeedsAValidCode()
    {
        var (user, password) = await server.CreateUserAsync();
        var (secret, recovery) = await EnrolAsync(server.As(user, password), BasicPost);
        var (browser, _) = await LoginAsync(user, password, recovery: recovery[0]);
        await (await PostAsync(browser, "/api/v2/two_factor/disable", """{"data":{"code":"000000"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var off = await (await PostAsync(browser, "/api/v2/two_factor/disable", $$"""{"data":{"code":"{{Code(secret, 1)}}"} }""")).OkBodyAsync();
        Assert.False(off["data"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await server.As(user, password).GetAsync("/api/v2/cases")).StatusCode);
    }
}

public sealed class TwoFactorTests_Sqlite(SqliteServer server) : TwoFactorTests(server), IClassFixture<SqliteServer>;

public sealed class TwoFactorTests_Postgres(PostgresServer server) : TwoFactorTests(server), IClassFixture<PostgresServer>;
