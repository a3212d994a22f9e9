using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

internal enum LoginOutcome { Success, Invalid, Locked }

/// <summary>
/// Checks a user name and password, with Primero's lockout (6 failures lock the account for 30 minutes).
/// Used by both the login endpoint and HTTP Basic auth, so neither is a way around the other's limits.
/// </summary>
internal sealed class LoginService(AmparoDbContext db, IPasswordHasher<User> hasher, IOptions<AuthOptions> options, TimeProvider clock,
    Audit.AuditTrail audit, DummyPasswordHash dummy)
{
    public async Task<(LoginOutcome Outcome, User? User)> CheckAsync(string userName, string password, CancellationToken ct)
    {
        var name = User.Normalize(userName);
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
        // Identity-provider users have no password here: they never sign in with one.
        if (user is null || user.Disabled || user.IdentityProviderUniqueId is not null || user.PasswordHash.Length == 0)
        {
            hasher.VerifyHashedPassword(null!, dummy.Value, password);
            // An unknown name is not recorded: people type passwords into the user-name box.
            await audit.RecordAsync("failed_login", user?.Id, user?.UserName, ct: ct);
            return (LoginOutcome.Invalid, null);
        }
        var now = clock.GetUtcNow();
        if (user.LockedUntil is { } until && until > now) return (LoginOutcome.Locked, null);

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLoginCount++;
            if (user.FailedLoginCount >= options.Value.LockoutAttempts)
            {
                user.LockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
                user.FailedLoginCount = 0;
            }
            await db.SaveChangesAsync(ct);
            var locked = user.LockedUntil > now;
            await audit.RecordAsync(locked ? "account_locked" : "failed_login", user.Id, user.UserName, "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct: ct);
            return (locked ? LoginOutcome.Locked : LoginOutcome.Invalid, null);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        if (user.FailedLoginCount != 0 || user.LockedUntil is not null || verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.FailedLoginCount = 0;
            user.LockedUntil = null;
            await db.SaveChangesAsync(ct);
        }
        return (LoginOutcome.Success, user);
    }
}

/// <summary>
/// A hash verified against when the user does not exist, so timing does not reveal which user names exist. Made by the
/// configured hasher, so it costs what a real user's verification costs whatever the iteration count.
/// </summary>
internal sealed class DummyPasswordHash(IPasswordHasher<User> hasher)
{
    private readonly Lazy<string> _hash = new(() => hasher.HashPassword(null!, "amparo-timing-equaliser"));

    public string Value => _hash.Value;
}
