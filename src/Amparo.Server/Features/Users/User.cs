using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Users;

/// <summary>A person who signs in. Ids are integers, as in Primero's API.</summary>
internal sealed class User : IAccessData
{
    /// <summary>
    /// What a signed-in user's rights are not made of: sign-in bookkeeping, ceremonies, preferences and profile. A sign-in
    /// writes some of these, and must not make every cached user of the tenant be read again.
    /// </summary>
    private static readonly HashSet<string> NotAccess =
    [
        nameof(FullName), nameof(Email), nameof(PasswordHash), nameof(Locale), nameof(FailedLoginCount), nameof(LockedUntil),
        nameof(TwoFactorLastStep), nameof(WebAuthnCeremony), nameof(WebAuthnCeremonyExpiresAt), nameof(CodeOfConductId),
        nameof(CodeOfConductAcceptedOn), nameof(SendMail), nameof(ReceiveWebpush), nameof(NotificationSettings),
        nameof(DataProcessingConsentProvidedOn),
    ];

    public bool LeavesAccessAsItWas(IEnumerable<string> modifiedProperties) => modifiedProperties.All(NotAccess.Contains);

    public int Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>Stored lower-cased and trimmed: Primero's user names are case-insensitive.</summary>
    public required string UserName { get; set; }
    public required string FullName { get; set; }
    public string? Email { get; set; }
    public required string PasswordHash { get; set; }
    /// <summary>The one role (permissions, scope, modules, forms). Null only for an account not yet given one: it may do nothing.</summary>
    public int? RoleId { get; set; }
    public int? AgencyId { get; set; }
    /// <summary>The identity provider this user signs in with (bearer tokens are accepted only from it).</summary>
    public string? IdentityProviderUniqueId { get; set; }
    public bool Disabled { get; set; }
    public string Locale { get; set; } = "en";
    public int FailedLoginCount { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The TOTP secret, encrypted with ASP.NET Core Data Protection; null when none was set up.</summary>
    public string? TwoFactorSecret { get; set; }
    public bool TwoFactorEnabled { get; set; }
    /// <summary>The code-of-conduct version the user accepted, and when.</summary>
    public int? CodeOfConductId { get; set; }
    public DateTimeOffset? CodeOfConductAcceptedOn { get; set; }
    /// <summary>The last TOTP time step accepted: a code is good once.</summary>
    public long TwoFactorLastStep { get; set; }
    /// <summary>True while the user has at least one WebAuthn security key (kept with the keys, read on every request).</summary>
    public bool HasSecurityKey { get; set; }
    /// <summary>The pending WebAuthn ceremony's options (registration or sign-in), spent by the first answer.</summary>
    public string? WebAuthnCeremony { get; set; }
    public DateTimeOffset? WebAuthnCeremonyExpiresAt { get; set; }
    /// <summary>Master switch for notification e-mails (Primero's <c>send_mail</c>).</summary>
    public bool SendMail { get; set; } = true;
    /// <summary>Master switch for web push (Primero's <c>receive_webpush</c>); off until the user turns it on.</summary>
    public bool ReceiveWebpush { get; set; }
    /// <summary>Per-kind switches, JSON <c>{"send_mail":{kind:bool}, "receive_webpush":{kind:bool}}</c>; see <see cref="Notifications.NotificationSettings"/>.</summary>
    public string NotificationSettings { get; set; } = "{}";

    /// <summary>Created through self-registration, and from which stream (the stream chose role, agency and groups).</summary>
    public bool SelfRegistered { get; set; }
    public string? RegistrationStream { get; set; }
    /// <summary>Self-registered and no password chosen yet through the e-mailed link: may not sign in; removed when stale.</summary>
    public bool Unverified { get; set; }
    public DateTimeOffset? DataProcessingConsentProvidedOn { get; set; }

    /// <summary>A second factor is in force: TOTP, a security key, or both.</summary>
    public bool HasSecondFactor => TwoFactorEnabled || HasSecurityKey;

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();
}

/// <summary>Scope levels (Primero's <c>group_permission</c>): which records a role's users reach.</summary>
internal static class Scopes
{
    public const string Self = "self";
    public const string Group = "group";
    public const string Agency = "agency";
    public const string All = "all";
    public const string AdminOnly = "admin_only";
    public const string Identified = "identified";
}
