using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

internal enum LoginOutcome { Success, Invalid, Locked }

/// <summary>
/// Checks a user name and password. Six failures from one source lock the account for that source for 30 minutes
/// (<see cref="SignInGuard"/>); <see cref="AuthOptions.AccountLockoutAttempts"/> failures from anywhere lock it for everyone
/// (Primero's lockout, at a threshold one address cannot reach alone: recovery is a password reset or
/// <c>Amparo.Server users unlock</c>). Used by both the login endpoint and HTTP Basic auth, so neither is a way around the
/// other's limits. Every refusal costs one password hash, known name or not, locked or not: timing tells nothing.
/// </summary>
internal sealed class LoginService(AmparoDbContext db, IPasswordHasher<User> hasher, IOptions<AuthOptions> options, TimeProvider clock,
    Audit.AuditTrail audit, DummyPasswordHash dummy, SignInGuard guard, Platform.Tenancy.TenantContext tenant)
{
    public async Task<(LoginOutcome Outcome, User? User)> CheckAsync(string userName, string password, string? source, CancellationToken ct)
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
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        var target = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (guard.AccountLockedFor(source, tenant.TenantId, name) || user.LockedUntil is { } until && until > now)
        {
            await audit.RecordAsync("login_locked_out", user.Id, user.UserName, "user", target, ct: ct);
            return (LoginOutcome.Locked, null);
        }
        if (verdict == PasswordVerificationResult.Failed)
        {
            guard.RecordAccountFailure(source, tenant.TenantId, name);
            user.FailedLoginCount++;
            if (user.FailedLoginCount >= options.Value.AccountLockoutAttempts)
            {
                user.LockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
                user.FailedLoginCount = 0;
            }
            await db.SaveChangesAsync(ct);
            var locked = user.LockedUntil > now || guard.AccountLockedFor(source, tenant.TenantId, name);
            await audit.RecordAsync(locked ? "account_locked" : "failed_login", user.Id, user.UserName, "user", target, ct: ct);
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

    /// <summary>Lifts an account-wide lock (the command line's <c>users unlock</c>); false when no such user.</summary>
    public static async Task<bool> UnlockAsync(AmparoDbContext db, string userName, CancellationToken ct)
    {
        var name = User.Normalize(userName);
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
        if (user is null) return false;
        user.LockedUntil = null;
        user.FailedLoginCount = 0;
        await db.SaveChangesAsync(ct);
        return true;
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
