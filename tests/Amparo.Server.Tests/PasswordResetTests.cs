using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>An Amparo that sends mail to an in-process SMTP sink.</summary>
public sealed class MailServer : SqliteServer
{
    public SmtpSink Sink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Sink.Configure(builder);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Sink.Dispose();
    }
}

/// <summary>An Amparo on PostgreSQL that sends mail to an in-process SMTP sink.</summary>
public sealed class PostgresMailServer : PostgresServer
{
    public SmtpSink Sink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Sink.Configure(builder);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Sink.Dispose();
    }
}

public sealed partial class PasswordResetTests(MailServer server) : ServerTests(server), IClassFixture<MailServer>
{
    [GeneratedRegex(@"token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex TokenInLink();

    private async Task<(string User, string Password, string Email)> UserWithEmailAsync()
    {
        var (user, password) = await server.CreateUserAsync();
        var email = $"{user}@agency.test";
        await server.InTenantAsync(null, async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == user)).Email = email;
            await db.SaveChangesAsync();
        });
        return (user, password, email);
    }

    private async Task<string> LinkTokenAsync(string email)
    {
        for (var i = 0; i < 50 && !server.Sink.Messages.Any(m => m.To == email); i++) await Task.Delay(100);
        var message = server.Sink.Messages.Last(m => m.To == email).Data;
        Assert.Contains("https://amparo.test/password-reset?token=", message, StringComparison.Ordinal);
        return Uri.UnescapeDataString(TokenInLink().Match(message).Groups[1].Value);
    }

    private static Task<HttpResponseMessage> PostAnonymousAsync(HttpClient browser, string url, JsonObject body) =>
        browser.SendWithCsrfAsync(HttpMethod.Post, url, body);

    [Fact]
    public async Task Request_MailsALink_WhoseTokenSetsTheNewPassword_Once_AndSignsIn()
    {
        var (user, oldPassword, email) = await UserWithEmailAsync();
        var browser = server.Browser();
        var request = await PostAnonymousAsync(browser, "/api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = email.ToUpperInvariant() } });
        Assert.Equal("user.password_reset.request_submitted", (await request.OkBodyAsync())["data"]!["message"].Str());
        var token = await LinkTokenAsync(email);

        var reset = new JsonObject { ["user"] = new JsonObject { ["reset_password_token"] = token, ["password"] = "the-new-password-1", ["password_confirmation"] = "the-new-password-1" } };
        var done = await (await PostAnonymousAsync(browser, "/api/v2/users/password-reset", reset)).OkBodyAsync();
        Assert.Equal("user.password_reset.success", done["message"].Str());
        Assert.Equal(user, done["user_name"].Str());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v2/cases")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.As(user, oldPassword).GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.As(user, "the-new-password-1").GetAsync("/api/v2/cases")).StatusCode);
        var again = await PostAnonymousAsync(server.Browser(), "/api/v2/users/password-reset", reset);
        await again.ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Request_ForAnUnknownAddress_AnswersTheSame_AndSendsNothing()
    {
        var before = server.Sink.Messages.Count;
        var response = await PostAnonymousAsync(server.Browser(), "/api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = "nobody@nowhere.test" } });
        Assert.Equal("user.password_reset.request_submitted", (await response.OkBodyAsync())["data"]!["message"].Str());
        // A request for a known address after it: once its mail arrived, a mail for the first would have too.
        var (_, _, email) = await UserWithEmailAsync();
        await PostAnonymousAsync(server.Browser(), "/api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = email } });
        await LinkTokenAsync(email);
        Assert.Equal(before + 1, server.Sink.Messages.Count);
    }

    [Fact]
    public async Task Reset_WithAShortPasswordOrMismatch_Is422_AndTheTokenStaysUsable()
    {
        var (_, _, email) = await UserWithEmailAsync();
        await PostAnonymousAsync(server.Browser(), "/api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = email } });
        var token = await LinkTokenAsync(email);
        JsonObject Body(string pw, string confirm) => new() { ["user"] = new JsonObject { ["reset_password_token"] = token, ["password"] = pw, ["password_confirmation"] = confirm } };

        Assert.Equal("password", (await (await PostAnonymousAsync(server.Browser(), "/api/v2/users/password-reset", Body("short", "short"))).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        Assert.Equal("password_confirmation", (await (await PostAnonymousAsync(server.Browser(), "/api/v2/users/password-reset", Body("long-enough-1", "long-enough-2"))).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str());
        Assert.Equal(HttpStatusCode.OK, (await PostAnonymousAsync(server.Browser(), "/api/v2/users/password-reset", Body("long-enough-1", "long-enough-1"))).StatusCode);
    }

    [Fact]
    public async Task Admin_CanSendTheLink_ForAUserTheyManage()
    {
        var (user, _, email) = await UserWithEmailAsync();
        var id = await server.UserIdAsync(user);
        var response = await server.AsAdmin().PostAsync($"/api/v2/users/{id}/password-reset-request", Http.Json("""{"user":{"password_reset":true}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await LinkTokenAsync(email));

        var (other, otherPw) = await server.CreateUserAsync();
        await (await server.As(other, otherPw).PostAsync($"/api/v2/users/{id}/password-reset-request", Http.Json("""{"user":{"password_reset":true}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
    }
}
