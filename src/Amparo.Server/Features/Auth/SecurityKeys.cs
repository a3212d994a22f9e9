using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// WebAuthn (through Fido2) as an alternative second factor to TOTP. The relying party is the host the request came
/// to — the tenant's own host name — so a key registered for one tenant cannot answer for another, and a phishing
/// host gets assertions that do not verify. Each ceremony's options are kept on the user for five minutes and spent
/// by the first attempt, successful or not, so a captured response cannot be replayed.
/// </summary>
internal sealed class SecurityKeys(AmparoDbContext db, TimeProvider clock)
{
    private static readonly TimeSpan CeremonyLifetime = TimeSpan.FromMinutes(5);
    private const string Registration = "create:";
    private const string Assertion = "get:";

    public IQueryable<WebAuthnCredential> Of(int userId) => db.Set<WebAuthnCredential>().Where(k => k.UserId == userId);

    /// <summary>Options for <c>navigator.credentials.create</c>; keys the user already has are excluded.</summary>
    public async Task<JsonNode> BeginRegistrationAsync(User user, HttpRequest request, CancellationToken ct)
    {
        var existing = await Of(user.Id).Select(k => k.CredentialId).ToListAsync(ct);
        var options = Fido(request).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(user), Name = user.UserName, DisplayName = user.FullName },
            ExcludeCredentials = [.. existing.Select(id => new PublicKeyCredentialDescriptor(id))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Discouraged,
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        var json = options.ToJson();
        Remember(user, Registration + json);
        await db.SaveChangesAsync(ct);
        return JsonNode.Parse(json)!;
    }

    /// <summary>Verifies the authenticator's attestation against the pending options and stores the new key.</summary>
    public async Task<WebAuthnCredential?> CompleteRegistrationAsync(User user, string name, JsonObject credential, HttpRequest request, CancellationToken ct)
    {
        var pending = Spend(user, Registration);
        await db.SaveChangesAsync(ct);
        if (pending is null) return null;
        try
        {
            var response = credential.Deserialize<AuthenticatorAttestationRawResponse>();
            if (response is null) return null;
            var result = await Fido(request).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(pending),
                IsCredentialIdUniqueToUserCallback = async (p, token) => !await db.Set<WebAuthnCredential>().IgnoreQueryFilters().AnyAsync(k => k.CredentialId == p.CredentialId, token),
            }, ct);
            var key = new WebAuthnCredential
            {
                UserId = user.Id,
                CredentialId = result.Id,
                PublicKey = result.PublicKey,
                SignCount = result.SignCount,
                AaGuid = result.AaGuid,
                Name = name,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Add(key);
            user.HasSecurityKey = true;
            await db.SaveChangesAsync(ct);
            return key;
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or FormatException or ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Options for <c>navigator.credentials.get</c> at sign-in, limited to the user's keys.</summary>
    public async Task<JsonNode> BeginAssertionAsync(User user, HttpRequest request, CancellationToken ct)
    {
        var keys = await Of(user.Id).Select(k => k.CredentialId).ToListAsync(ct);
        var options = Fido(request).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. keys.Select(id => new PublicKeyCredentialDescriptor(id))],
            UserVerification = UserVerificationRequirement.Preferred,
        });
        var json = options.ToJson();
        Remember(user, Assertion + json);
        await db.SaveChangesAsync(ct);
        return JsonNode.Parse(json)!;
    }

    /// <summary>Checks a sign-in assertion: signed by one of this user's keys, over the pending challenge, with a counter that moved on.</summary>
    public async Task<SecondFactor> CheckAssertionAsync(User user, JsonObject assertion, HttpRequest request, CancellationToken ct)
    {
        var pending = Spend(user, Assertion);
        await db.SaveChangesAsync(ct);
        if (pending is null) return SecondFactor.Invalid;
        try
        {
            var response = assertion.Deserialize<AuthenticatorAssertionRawResponse>();
            if (response?.RawId is null) return SecondFactor.Invalid;
            var key = await Of(user.Id).FirstOrDefaultAsync(k => k.CredentialId == response.RawId, ct);
            if (key is null) return SecondFactor.Invalid;
            var handle = UserHandle(user);
            var result = await Fido(request).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(pending),
                StoredPublicKey = key.PublicKey,
                StoredSignatureCounter = (uint)key.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (p, _) => Task.FromResult(p.UserHandle is null || p.UserHandle.AsSpan().SequenceEqual(handle)),
            }, ct);
            key.SignCount = result.SignCount;
            key.LastUsedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return SecondFactor.Accepted;
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or FormatException or ArgumentException or CryptographicException)
        {
            return SecondFactor.Invalid;
        }
    }

    /// <summary>Removes a key; the user's <see cref="User.HasSecurityKey"/> follows what is left.</summary>
    public async Task<bool> RemoveAsync(User user, int keyId, CancellationToken ct)
    {
        var key = await Of(user.Id).FirstOrDefaultAsync(k => k.Id == keyId, ct);
        if (key is null) return false;
        db.Remove(key);
        user.HasSecurityKey = await Of(user.Id).AnyAsync(k => k.Id != keyId, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private void Remember(User user, string ceremony)
    {
        user.WebAuthnCeremony = ceremony;
        user.WebAuthnCeremonyExpiresAt = clock.GetUtcNow() + CeremonyLifetime;
    }

    private string? Spend(User user, string kind)
    {
        var ceremony = user.WebAuthnCeremony;
        var fresh = user.WebAuthnCeremonyExpiresAt > clock.GetUtcNow();
        user.WebAuthnCeremony = null;
        user.WebAuthnCeremonyExpiresAt = null;
        return fresh && ceremony is not null && ceremony.StartsWith(kind, StringComparison.Ordinal) ? ceremony[kind.Length..] : null;
    }

    /// <summary>An opaque, stable user handle: no user name or e-mail reaches the authenticator's storage.</summary>
    private static byte[] UserHandle(User user) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"amparo-user:{user.TenantId:N}:{user.Id}"))[..16];

    /// <summary>
    /// The relying party is the request's host. Behind a TLS-terminating proxy the request arrives as http, so the
    /// https origin of the same host is accepted too; the host itself is what binds the key.
    /// </summary>
    private static Fido2 Fido(HttpRequest request)
    {
        var host = request.Host.Value ?? "localhost";
        var origins = new HashSet<string>(StringComparer.Ordinal) { $"{request.Scheme}://{host}", $"https://{host}" };
        return new Fido2(new Fido2Configuration
        {
            RPID = request.Host.Host,
            RPName = "Amparo",
            Origins = origins,
            TimestampDriftTolerance = 300_000,
        }, null!);
    }
}
