using Amparo.Server.Features.Roles;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// The signed-in user, as loaded by <see cref="AmparoAuthenticationHandler"/> for this request: role,
/// scope, agency and groups are read fresh every time, so a change by an administrator applies at once.
/// </summary>
internal sealed record CurrentUser(
    int Id,
    string UserName,
    string Scope,
    string? RoleUniqueId,
    RolePermissions Permissions,
    int? AgencyId,
    IReadOnlySet<int> GroupIds,
    IReadOnlyDictionary<string, string> FormGrants,
    Guid? SessionId,
    bool RoleRequiresTwoFactor = false,
    bool HasTwoFactor = false)
{
    /// <summary>The role demands a second factor the user has not set up yet: only enrolment is allowed.</summary>
    public bool MustEnrollTwoFactor => RoleRequiresTwoFactor && !HasTwoFactor;

    /// <summary>The modules the role works in (its <c>module_unique_ids</c>): where a new record of the user goes.</summary>
    public IReadOnlyList<string> RoleModuleIds { get; init; } = [];

    public const string ItemKey = "amparo.current-user";

    public bool IsSuperuser => Permissions.IsSuperuser;

    public bool IsUserAdmin => Permissions.IsUserAdmin;

    public bool Can(string resource, string action) => Permissions.Can(resource, action);

    public static CurrentUser From(HttpContext http) =>
        http.Items[ItemKey] as CurrentUser ?? throw new InvalidOperationException("Not signed in.");
}
