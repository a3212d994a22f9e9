using System.Net.Mail;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.SystemSettings;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Mail;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.SelfRegistration;

/// <summary>
/// <c>POST /api/v2/users/self-register</c>: a person asks for an account in a registration stream the tenant offers
/// (the stream fixes role, agency and groups; the person chooses none of them). The account is unverified — it cannot
/// sign in — until its owner chooses a password through the e-mailed link; unverified accounts older than the
/// tenant's limit are removed. Unlike Primero, the rate limit (6 a minute per address) watches this very path, and
/// the answer is the same whether or not the e-mail already has an account, so the form cannot probe for accounts.
/// </summary>
internal static class SelfRegistrationEndpoints
{
    public static IEndpointRouteBuilder MapSelfRegistrationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/users/self-register", RegisterAsync).AllowAnonymous().WithTags("Users")
            .WithSummary("Self-registration into a configured stream: 201 {}; 403 when the tenant does not allow it.");
        return api;
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, AmparoDbContext db, AttemptThrottle throttle, TenantContext tenant,
        Mailer mailer, TimeProvider clock, Audit.AuditTrail audit)
    {
        var ct = http.RequestAborted;
        var settings = await SelfRegistrationSettings.ReadAsync(db, ct);
        if (!settings.Allowed) return ApiErrors.Forbidden(http);
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.Refusal(http, $"self-register:{tenant.TenantId:N}:{address}") is { } tooMany) return tooMany;

        var body = await RequestBody.ReadWrappedAsync(http, "user");
        var fullName = JsonRead.Str(body!, "full_name")?.Trim();
        if (fullName is not { Length: > 0 and <= 200 }) return ApiErrors.Invalid(http, "full_name", "self_registration.errors.full_name");
        var email = JsonRead.Str(body!, "email")?.Trim().ToLowerInvariant();
        if (email is not { Length: > 0 and <= 254 } || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            return ApiErrors.Invalid(http, "email", "self_registration.errors.email");
        var stream = settings.Streams.FirstOrDefault(s => s.Id == JsonRead.Str(body!, "registration_stream"));
        if (stream is null) return ApiErrors.Invalid(http, "registration_stream", "self_registration.errors.registration_stream");
        if (JsonRead.Bool(body!, "data_processing_consent_provided") != true)
            return ApiErrors.Invalid(http, "data_processing_consent_provided", "self_registration.errors.data_processing_consent_provided");
        var locale = JsonRead.Str(body!, "locale") is { } l && I18nText.Locales.Contains(l) ? l : "en";

        var now = clock.GetUtcNow();
        await RemoveStaleAsync(db, now.AddDays(-settings.CleanupDays), ct);

#pragma warning disable CA1304, CA1311, CA1862 // EF turns ToLower() into SQL lower(): no .NET culture is involved
        var taken = await db.Users.AnyAsync(u => u.UserName == email || (u.Email != null && u.Email.ToLower() == email), ct);
#pragma warning restore CA1304, CA1311, CA1862
        if (taken)
        {
            // Same answer as for a new address; the owner of the address learns of the attempt, nobody else does.
            await mailer.SendAsync(email, "Amparo: registration attempt",
                "Someone asked to register an Amparo account with this e-mail address, which already has one.\n\nIf it was you, sign in or ask for a password reset. If not, no action is needed.\n", ct);
            return Created();
        }

        var roleId = stream.RoleUniqueId is null ? null : await db.Roles.Where(r => r.UniqueId == stream.RoleUniqueId && !r.Disabled).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        var agencyId = stream.AgencyUniqueId is null ? null : await db.Agencies.Where(a => a.UniqueId == stream.AgencyUniqueId && !a.Disabled).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        var groupIds = await db.UserGroups.Where(g => stream.UserGroupUniqueIds.Contains(g.UniqueId) && !g.Disabled).Select(g => g.Id).ToListAsync(ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = new User
        {
            UserName = email,
            FullName = fullName,
            Email = email,
            PasswordHash = "",
            RoleId = roleId,
            AgencyId = agencyId,
            Locale = locale,
            SelfRegistered = true,
            Unverified = true,
            RegistrationStream = stream.Id,
            DataProcessingConsentProvidedOn = now,
            CreatedAt = now,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        foreach (var group in groupIds) db.UserGroupMemberships.Add(new UserGroupMembership { UserId = user.Id, UserGroupId = group });
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("self_register", user.Id, user.UserName, "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct: ct);
        await transaction.CommitAsync(ct);

        await PasswordReset.PasswordResetLinks.SendAsync(db, mailer, clock, user, ct, welcome: true);
        return Created();
    }

    private static IResult Created() => Results.Json(new JsonObject(), statusCode: StatusCodes.Status201Created);

    /// <summary>Unverified accounts past the limit go, with their memberships and links; done on each registration.</summary>
    private static async Task RemoveStaleAsync(AmparoDbContext db, DateTimeOffset before, CancellationToken ct)
    {
        var stale = await db.Users.Where(u => u.SelfRegistered && u.Unverified && u.CreatedAt < before).Select(u => u.Id).ToListAsync(ct);
        if (stale.Count == 0) return;
        await db.UserGroupMemberships.Where(m => stale.Contains(m.UserId)).ExecuteDeleteAsync(ct);
        await db.Set<PasswordReset.PasswordResetToken>().Where(t => stale.Contains(t.UserId)).ExecuteDeleteAsync(ct);
        await db.Users.Where(u => stale.Contains(u.Id)).ExecuteDeleteAsync(ct);
    }
}
