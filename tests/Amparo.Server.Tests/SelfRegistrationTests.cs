using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amparo.Server.Features.SystemSettings;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// Self-registration: off unless the tenant offers streams; a stream fixes role, agency and groups; the account is
/// unverified until a password is chosen. Each test uses a tenant of its own, so its settings and its rate limit
/// (per tenant and address) stay its own.
/// </summary>
public abstract class SelfRegistrationTests(AmparoServer server) : ServerTests(server)
{
    /// <summary>A fresh tenant offering one stream into a role, an agency and a group; the browser client on its host.</summary>
    internal static async Task<(HttpClient Browser, string Host)> TenantOfferingAsync(AmparoServer server, bool allow = true)
    {
        var host = $"reg-{Guid.NewGuid():N}"[..16] + ".example";
        await server.AddTenantAsync(host);
        await server.InTenantAsync(host, async (db, _) =>
        {
            db.Roles.Add(new Features.Roles.Role { UniqueId = "role-volunteer", Name = "Volunteer", GroupPermission = "self", Permissions = """{"case":["read"]}""" });
            db.Agencies.Add(new Features.Agencies.Agency { UniqueId = "agency-community", AgencyCode = "community", Name = """{"en":"Community"}""" });
            db.UserGroups.Add(new Features.UserGroups.UserGroup { UniqueId = "usergroup-volunteers", Name = "Volunteers" });
            db.Set<StoredSystemSettings>().Add(new StoredSystemSettings
            {
                Settings = new JsonObject
                {
                    ["allow_self_registration"] = allow,
                    ["registration_streams"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "volunteers",
                        ["role_unique_id"] = "role-volunteer",
                        ["agency_unique_id"] = "agency-community",
                        ["user_group_unique_ids"] = new JsonArray("usergroup-volunteers"),
                        ["link_label"] = new JsonObject { ["en"] = "Volunteer sign-up" },
                        ["consent_text"] = new JsonObject { ["en"] = "I agree that my data is processed." },
                    }),
                }.ToJsonString(),
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        var browser = server.Browser();
        browser.BaseAddress = new Uri($"http://{host}/");
        return (browser, host);
    }

    internal static JsonObject Registration(string email, bool consent = true, string stream = "volunteers") => new()
    {
        ["user"] = new JsonObject
        {
            ["full_name"] = "Nadia Haddad",
            ["email"] = email,
            ["locale"] = "fr",
            ["registration_stream"] = stream,
            ["data_processing_consent_provided"] = consent,
        },
    };

    [Fact]
    public async Task SelfRegister_WhenTheTenantDoesNotOfferIt_IsForbidden_AndBootstrapSaysSo()
    {
        var (browser, _) = await TenantOfferingAsync(server, allow: false);
        var bootstrap = (await (await browser.GetAsync("/api/v2/primero")).OkBodyAsync())["data"]!;
        Assert.False(bootstrap["allow_self_registration"]!.GetValue<bool>());
        Assert.Empty(bootstrap["registration_streams"]!.AsArray());
        await (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", Registration("a@b.test"))).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SelfRegister_CreatesAnUnverifiedAccountInTheStreamsRoleAgencyAndGroup_ThatCannotSignIn()
    {
        var (browser, host) = await TenantOfferingAsync(server);
        var bootstrap = (await (await browser.GetAsync("/api/v2/primero")).OkBodyAsync())["data"]!;
        Assert.True(bootstrap["allow_self_registration"]!.GetValue<bool>());
        Assert.Equal("volunteers", bootstrap["registration_streams"]![0]!["id"].Str());
        Assert.Equal("Volunteer sign-up", bootstrap["registration_streams_link_labels"]!["volunteers"]!["en"].Str());

        var response = await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", Registration("Nadia@Example.test"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{}", (await response.Content.ReadAsStringAsync()).Trim());

        await server.InTenantAsync(host, async (db, _) =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "nadia@example.test");
            Assert.True(user.Unverified);
            Assert.True(user.SelfRegistered);
            Assert.Equal("volunteers", user.RegistrationStream);
            Assert.Equal("fr", user.Locale);
            Assert.NotNull(user.DataProcessingConsentProvidedOn);
            Assert.Equal("role-volunteer", (await db.Roles.SingleAsync(r => r.Id == user.RoleId)).UniqueId);
            Assert.Equal("agency-community", (await db.Agencies.SingleAsync(a => a.Id == user.AgencyId)).UniqueId);
            Assert.Equal(["usergroup-volunteers"], await db.UserGroupMemberships.Where(m => m.UserId == user.Id)
                .Join(db.UserGroups, m => m.UserGroupId, g => g.Id, (m, g) => g.UniqueId).ToListAsync());
        });
        var signIn = await browser.SessionLoginAsync("nadia@example.test", "");
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task SelfRegister_BadInput_Is422NamingTheField_AndCreatesNothing()
    {
        var (browser, host) = await TenantOfferingAsync(server);
        async Task<string> DetailAsync(JsonObject body) =>
            (await (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", body)).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str();

        Assert.Equal("data_processing_consent_provided", await DetailAsync(Registration("c@d.test", consent: false)));
        Assert.Equal("registration_stream", await DetailAsync(Registration("c@d.test", stream: "administrators")));
        Assert.Equal("email", await DetailAsync(Registration("not an address")));
        var noName = Registration("c@d.test");
        noName["user"]!["full_name"] = " ";
        Assert.Equal("full_name", await DetailAsync(noName));
        await server.InTenantAsync(host, async (db, _) => Assert.False(await db.Users.AnyAsync(u => u.SelfRegistered)));
    }

    [Fact]
    public async Task SelfRegister_WithAnAddressThatHasAnAccount_AnswersTheSame_AndCreatesNoSecondAccount()
    {
        var (browser, host) = await TenantOfferingAsync(server);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", Registration("twice@example.test"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", Registration("TWICE@example.test"))).StatusCode);
        await server.InTenantAsync(host, async (db, _) => Assert.Equal(1, await db.Users.CountAsync(u => u.Email == "twice@example.test")));
    }

    [Fact]
    public async Task Hole_SelfRegistration_RateLimit_WatchesTheRealPath()
    {
        // Primero's rule watched /api/v2/self-register while the route is /api/v2/users/self-register: it never fired.
        var (browser, _) = await TenantOfferingAsync(server);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", Registration($"n{i}@example.test", consent: false))).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 6).Append(HttpStatusCode.TooManyRequests), statuses);
    }

    [Fact]
    public async Task SelfRegister_RemovesUnverifiedAccountsPastTheTenantsLimit()
    {
        var (browser, host) = await TenantOfferingAsync(server);
        await server.InTenantAsync(host, async (db, _) =>
        {
            db.Users.Add(new Features.Users.User
            {
                UserName = "stale@example.test", FullName = "Stale", Email = "stale@example.test", PasswordHash = "",
                SelfRegistered = true, Unverified = true, CreatedAt = DateTimeOffset.UtcNow.AddDays(-31),
            });
            db.Users.Add(new Features.Users.User
            {
                UserName = "recent@example.test", FullName = "Recent", Email = "recent@example.test", PasswordHash = "",
                SelfRegistered = true, Unverified = true, CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
            });
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Created, (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", Registration("fresh@example.test"))).StatusCode);
        await server.InTenantAsync(host, async (db, _) =>
        {
            Assert.False(await db.Users.AnyAsync(u => u.UserName == "stale@example.test"));
            Assert.True(await db.Users.AnyAsync(u => u.UserName == "recent@example.test"));
        });
    }
}

public sealed class SelfRegistrationTests_Sqlite(SqliteServer server) : SelfRegistrationTests(server), IClassFixture<SqliteServer>;

public sealed class SelfRegistrationTests_Postgres(PostgresServer server) : SelfRegistrationTests(server), IClassFixture<PostgresServer>;

/// <summary>The e-mailed link: choosing a password verifies the account, which may then sign in.</summary>
public sealed partial class SelfRegistrationMailTests(MailServer server) : ServerTests(server), IClassFixture<MailServer>
{
    [GeneratedRegex(@"token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex TokenInLink();

    [Fact]
    public async Task SelfRegister_MailsALink_WhosePasswordVerifiesTheAccount_AndLetsItSignIn()
    {
        var (browser, host) = await SelfRegistrationTests.TenantOfferingAsync(server);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", SelfRegistrationTests.Registration("omar@example.test"))).StatusCode);
        for (var i = 0; i < 50 && !server.Sink.Messages.Any(m => m.To == "omar@example.test"); i++) await Task.Delay(100);
        var message = server.Sink.Messages.Last(m => m.To == "omar@example.test").Data;
        Assert.Contains("choose a password", message, StringComparison.OrdinalIgnoreCase);
        var token = Uri.UnescapeDataString(TokenInLink().Match(message).Groups[1].Value);

        var reset = new JsonObject { ["user"] = new JsonObject { ["reset_password_token"] = token, ["password"] = "volunteer-pass-1", ["password_confirmation"] = "volunteer-pass-1" } };
        Assert.Equal(HttpStatusCode.OK, (await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/password-reset", reset)).StatusCode);
        await server.InTenantAsync(host, async (db, _) => Assert.False((await db.Users.SingleAsync(u => u.UserName == "omar@example.test")).Unverified));

        var fresh = server.Browser();
        fresh.BaseAddress = new Uri($"http://{host}/");
        Assert.Equal(HttpStatusCode.OK, (await fresh.SessionLoginAsync("omar@example.test", "volunteer-pass-1")).StatusCode);
    }

    [Fact]
    public async Task SelfRegister_ForAnAddressWithAnAccount_TellsOnlyThatAddress()
    {
        var (browser, _) = await SelfRegistrationTests.TenantOfferingAsync(server);
        await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", SelfRegistrationTests.Registration("known@example.test"));
        await browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/users/self-register", SelfRegistrationTests.Registration("known@example.test"));
        for (var i = 0; i < 50 && server.Sink.Messages.Count(m => m.To == "known@example.test") < 2; i++) await Task.Delay(100);
        Assert.Contains("already has one", server.Sink.Messages.Last(m => m.To == "known@example.test").Data, StringComparison.Ordinal);
    }
}
