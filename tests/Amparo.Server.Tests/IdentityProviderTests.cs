using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Amparo.Server.Tests;

/// <summary>An Amparo in identity-provider mode, trusting a provider whose signing key the tests generate.</summary>
public sealed class IdpServer : SqliteServer
{
    public const string Issuer = "https://idp.amparo.test/";
    public const string ClientId = "amparo-test-client";
    public const string Provider = "test-idp";

    public RsaSecurityKey Key { get; } = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    public RsaSecurityKey OtherKey { get; } = new(RSA.Create(2048)) { KeyId = "test-key-1" };


    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.Rsa.ExportParameters(false)) { KeyId = Key.KeyId });
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        builder.UseSetting("Auth:UseIdentityProvider", "true");
        builder.UseSetting("Auth:IdentityProviders:0:UniqueId", Provider);
        builder.UseSetting("Auth:IdentityProviders:0:Name", "Test provider");
        builder.UseSetting("Auth:IdentityProviders:0:ClientId", ClientId);
        builder.UseSetting("Auth:IdentityProviders:0:Issuer", Issuer);
        builder.UseSetting("Auth:IdentityProviders:0:AuthorizationUrl", "https://idp.amparo.test/authorize");
        builder.UseSetting("Auth:IdentityProviders:0:Jwks", jwks);
    }

    public string Token(string email, RsaSecurityKey? key = null, string audience = ClientId, DateTime? expires = null, string? jti = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("email", email), new Claim("jti", jti ?? Guid.NewGuid().ToString())]),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(30)).AddHours(-1),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(30),
            IssuedAt = (expires ?? DateTime.UtcNow.AddMinutes(30)).AddHours(-1),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        });

    public HttpClient WithBearer(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public sealed class IdentityProviderTests(IdpServer server) : ServerTests(server), IClassFixture<IdpServer>
{
    private async Task<string> LinkedUserAsync()
    {
        var email = $"worker{Guid.NewGuid():N}@agency.test"[..30] + ".org";
        await server.InTenantAsync(null, async (db, _) =>
        {
            var role = db.Roles.Single(r => r.UniqueId == "role-cp-case-worker");
            db.Users.Add(new Amparo.Server.Features.Users.User
            {
                UserName = email, FullName = "IdP user", PasswordHash = "", RoleId = role.Id, CreatedAt = DateTimeOffset.UtcNow,
                IdentityProviderUniqueId = IdpServer.Provider,
            });
            await db.SaveChangesAsync();
        });
        return email;
    }

    [Fact]
    public async Task IdentityProviders_ArePublic_AndSayTheMode()
    {
        var body = await (await server.CreateClient().GetAsync("/api/v2/identity_providers")).OkBodyAsync();
        Assert.True(body["metadata"]!["use_identity_provider"]!.GetValue<bool>());
        var provider = body["data"]![0]!;
        Assert.Equal(IdpServer.Provider, provider["unique_id"].Str());
        Assert.Equal(IdpServer.ClientId, provider["client_id"].Str());
    }

    [Fact]
    public async Task ValidToken_OfALinkedUser_SignsIn_AndTokensEchoesIt()
    {
        var email = await LinkedUserAsync();
        var token = server.Token(email);
        var client = server.WithBearer(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v2/cases")).StatusCode);
        var login = await (await client.PostAsync("/api/v2/tokens", Http.Json("{}"))).OkBodyAsync();
        Assert.Equal(email, login["user_name"].Str());
        Assert.Equal(token, login["token"].Str());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_first":"ViaIdp"}}"""))).StatusCode);
    }

    [Fact]
    public async Task BadTokens_AreRefused()
    {
        var email = await LinkedUserAsync();
        foreach (var token in new[]
        {
            server.Token(email, expires: DateTime.UtcNow.AddMinutes(-10)),
            server.Token(email, audience: "someone-else"),
            server.Token(email, key: server.OtherKey),
            server.Token("not-linked@agency.test"),
            "not.a.jwt",
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.WithBearer(token).GetAsync("/api/v2/cases")).StatusCode);
        }
        var invalidLogin = await server.WithBearer(server.Token(email, audience: "someone-else")).PostAsync("/api/v2/tokens", Http.Json("{}"));
        await invalidLogin.ErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Passwords_AreRefused_InIdentityProviderMode()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.AsAdmin().GetAsync("/api/v2/cases")).StatusCode);
    }

    [Fact]
    public async Task Logout_RevokesTheToken()
    {
        var email = await LinkedUserAsync();
        var client = server.WithBearer(server.Token(email));
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/api/v2/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v2/cases")).StatusCode);
    }
}
