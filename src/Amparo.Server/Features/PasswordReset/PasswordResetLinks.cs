using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Mail;

namespace Amparo.Server.Features.PasswordReset;

/// <summary>Password links by e-mail: for a reset, and for the first password of a self-registered account.</summary>
internal static class PasswordResetLinks
{
    /// <summary>Stores a fresh token and mails its link; the text says why (a reset, or the first password of a new account).</summary>
    public static async Task<bool> SendAsync(AmparoDbContext db, Mailer mailer, TimeProvider clock, User user, CancellationToken ct, bool welcome = false)
    {
        var token = SessionStore.NewToken();
        db.Set<PasswordResetToken>().Add(new PasswordResetToken { UserId = user.Id, TokenHash = Hash(token), ExpiresAt = clock.GetUtcNow().AddHours(24) });
        await db.SaveChangesAsync(ct);
        var link = $"{mailer.PublicUrl}/password-reset?token={Uri.EscapeDataString(token)}";
        return welcome
            ? await mailer.SendAsync(user.Email!, "Amparo: choose your password",
                $"An Amparo account was requested for this address (user name {user.UserName}).\n\nTo activate it, choose a password within 24 hours:\n{link}\n\nIf you did not ask for it, ignore this message: the account stays inactive and is removed.\n",
                ct)
            : await mailer.SendAsync(user.Email!, "Amparo: reset your password",
                $"Someone asked to reset the Amparo password of {user.UserName}.\n\nTo choose a new password, open this link within 24 hours:\n{link}\n\nIf it was not you, ignore this message: your password stays as it is.\n",
                ct);
    }

    /// <summary>Only a hash of a link's token is stored, as for sessions: the database alone opens no account.</summary>
    public static string Hash(string token) => Platform.Security.TokenHash.Of(token);
}
