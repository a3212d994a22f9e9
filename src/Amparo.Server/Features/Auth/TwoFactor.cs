using System.Security.Cryptography;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Amparo.Server.Features.Auth;

internal enum SecondFactor { Accepted, Missing, Invalid }

/// <summary>
/// TOTP second factor (RFC 6238, via Otp.NET) with one-time recovery codes. The secret is encrypted with
/// ASP.NET Core Data Protection; a code is accepted once (its time step is remembered) within one step of drift.
/// </summary>
internal sealed class TwoFactor(AmparoDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;
    private readonly IDataProtector _protector = protection.CreateProtector("Amparo.TwoFactor.v1");

    /// <summary>Starts (or restarts) enrolment: a new secret, not yet in force until confirmed with a code.</summary>
    public (string Secret, string Uri) Begin(User user, string issuer)
    {
        var base32 = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        user.TwoFactorSecret = _protector.Protect(base32);
        user.TwoFactorEnabled = false;
        var uri = new OtpUri(OtpType.Totp, base32, user.UserName, issuer).ToString();
        return (base32, uri);
    }

    public bool VerifyCode(User user, string? code)
    {
        if (user.TwoFactorSecret is null || string.IsNullOrWhiteSpace(code)) return false;
        var secret = Base32Encoding.ToBytes(_protector.Unprotect(user.TwoFactorSecret));
        var totp = new Totp(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!totp.VerifyTotp(now, code.Trim(), out var step, VerificationWindow.RfcSpecifiedNetworkDelay)) return false;
        if (step <= user.TwoFactorLastStep) return false; // replayed
        user.TwoFactorLastStep = step;
        return true;
    }

    /// <summary>Enables the factor and returns fresh recovery codes (shown once; stored hashed).</summary>
    public async Task<IReadOnlyList<string>> EnableAsync(User user, CancellationToken ct)
    {
        user.TwoFactorEnabled = true;
        return await IssueRecoveryCodesAsync(user, ct);
    }

    /// <summary>Replaces the user's recovery codes with ten new ones (shown once; stored hashed).</summary>
    public async Task<IReadOnlyList<string>> IssueRecoveryCodesAsync(User user, CancellationToken ct)
    {
        await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        db.Set<RecoveryCode>().AddRange(codes.Select(c => new RecoveryCode { UserId = user.Id, CodeHash = Hash(c) }));
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>Turns TOTP off. Recovery codes go with the last second factor, not before.</summary>
    public async Task DisableAsync(User user, CancellationToken ct)
    {
        user.TwoFactorEnabled = false;
        user.TwoFactorSecret = null;
        await db.SaveChangesAsync(ct);
        await ForgetRecoveryCodesUnlessProtectedAsync(user, ct);
    }

    /// <summary>Recovery codes are a way around a second factor: with none left in force they are removed.</summary>
    public async Task ForgetRecoveryCodesUnlessProtectedAsync(User user, CancellationToken ct)
    {
        if (!user.HasSecondFactor)
            await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
    }

    /// <summary>Checks the second factor of a sign-in: a TOTP code (when TOTP is on), or an unused recovery code (then spent).</summary>
    public async Task<SecondFactor> CheckAsync(User user, string? code, string? recoveryCode, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) && string.IsNullOrWhiteSpace(recoveryCode)) return SecondFactor.Missing;
        // A secret whose enrolment was never confirmed is not a factor yet.
        if (user.TwoFactorEnabled && VerifyCode(user, code))
        {
            await db.SaveChangesAsync(ct);
            return SecondFactor.Accepted;
        }
        if (!string.IsNullOrWhiteSpace(recoveryCode))
        {
            var hash = Hash(recoveryCode.Trim());
            var stored = await db.Set<RecoveryCode>().FirstOrDefaultAsync(c => c.UserId == user.Id && c.CodeHash == hash && c.UsedAt == null, ct);
            if (stored is not null)
            {
                stored.UsedAt = clock.GetUtcNow();
                await db.SaveChangesAsync(ct);
                return SecondFactor.Accepted;
            }
        }
        return SecondFactor.Invalid;
    }

    private static string NewRecoveryCode()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 10).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        return new string(chars, 0, 5) + "-" + new string(chars, 5, 5);
    }

    private static string Hash(string code) => Platform.Security.TokenHash.Of(code.ToLowerInvariant());
}
