using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// Issue 15, item 3: a password-reset request answers before anyone is looked up or mailed, so a known address and an
/// unknown one take the same path to the answer (one insert) and its timing tells nothing; the stored request survives
/// a restart.
/// </summary>
public abstract class PasswordResetRequestTimingTests(AmparoServer server, SmtpSink sink) : ServerTests(server)
{
    [Fact]
    public async Task Request_ForAKnownAddress_IsAnsweredBeforeTheMailIsSent()
    {
        var email = await UserWithEmailAsync();
        var browser = server.Browser();
        // Without the queue the request would wait on the held mail server: the client gives up and the test fails.
        browser.Timeout = TimeSpan.FromSeconds(30);
        sink.Hold();
        try
        {
            var known = await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = email } });
            var unknown = await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = "nobody@nowhere.test" } });
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
            Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());
            Assert.DoesNotContain(sink.Messages, m => m.To == email);
        }
        finally
        {
            sink.Release();
        }
        for (var i = 0; i < 100 && !sink.Messages.Any(m => m.To == email); i++) await Task.Delay(100);
        Assert.Contains(sink.Messages, m => m.To == email);
    }

    [Fact]
    public async Task Request_IsStoredBeforeItIsAnswered_AndForgottenOnceMailed()
    {
        var email = await UserWithEmailAsync();
        var browser = server.Browser();
        sink.Hold();
        try
        {
            var answer = await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = email } });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            // Acknowledged work is in the database before the answer: a kill -9 now loses no request.
            Assert.True(await StoredAsync(email));
        }
        finally
        {
            sink.Release();
        }
        for (var i = 0; i < 100 && await StoredAsync(email); i++) await Task.Delay(100);
        Assert.Contains(sink.Messages, m => m.To == email);
        Assert.False(await StoredAsync(email));
    }

    [Fact]
    public async Task StoredRequest_LeftByAStoppedServer_IsMailed()
    {
        var email = await UserWithEmailAsync();
        await server.InTenantAsync(null, async (db, _) =>
        {
            // As a server that answered and then died before mailing leaves it: stored, nobody woken.
            db.Add(new Amparo.Server.Features.PasswordReset.PasswordResetRequest { Email = email, RequestedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        for (var i = 0; i < 150 && !sink.Messages.Any(m => m.To == email); i++) await Task.Delay(100);
        Assert.Contains(sink.Messages, m => m.To == email);
    }

    private async Task<string> UserWithEmailAsync()
    {
        var (user, _) = await server.CreateUserAsync();
        var email = $"{user}@agency.test";
        await server.InTenantAsync(null, async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == user)).Email = email;
            await db.SaveChangesAsync();
        });
        return email;
    }

    private async Task<bool> StoredAsync(string email)
    {
        var stored = false;
        await server.InTenantAsync(null, async (db, _) =>
            stored = await db.Set<Amparo.Server.Features.PasswordReset.PasswordResetRequest>().AnyAsync(r => r.Email == email));
        return stored;
    }
}

public sealed class PasswordResetRequestTimingTests_Sqlite(MailServer server) : PasswordResetRequestTimingTests(server, server.Sink), IClassFixture<MailServer>;

public sealed class PasswordResetRequestTimingTests_Postgres(PostgresMailServer server) : PasswordResetRequestTimingTests(server, server.Sink), IClassFixture<PostgresMailServer>;
