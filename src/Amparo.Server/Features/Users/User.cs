using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Users;

/// <summary>A person who signs in. Ids are integers, as in Primero's API.</summary>
internal sealed class User : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>Stored lower-cased and trimmed: Primero's user names are case-insensitive.</summary>
    public required string UserName { get; set; }
    public required string FullName { get; set; }
    public string? Email { get; set; }
    public required string PasswordHash { get; set; }
    /// <summary>Record scope (Primero's <c>group_permission</c>): <c>all</c> or <c>self</c> until roles arrive.</summary>
    public string GroupPermission { get; set; } = Scopes.Self;
    public bool IsSuperuser { get; set; }
    public bool Disabled { get; set; }
    public string Locale { get; set; } = "en";
    public int FailedLoginCount { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();
}

internal static class Scopes
{
    public const string Self = "self";
    public const string All = "all";
}
