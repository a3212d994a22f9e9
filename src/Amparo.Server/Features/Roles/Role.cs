using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Roles;

/// <summary>A role: what its users may do (permissions), on which records (scope), in which modules and forms.</summary>
internal sealed class Role : IAccessData
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Scope level: self, group, agency, all, admin_only, identified.</summary>
    public string GroupPermission { get; set; } = "self";
    /// <summary>JSON <c>{resource: [actions], objects: {...}}</c>; read through <see cref="RolePermissions"/>.</summary>
    public string Permissions { get; set; } = "{}";
    /// <summary>JSON array of module unique ids.</summary>
    public string ModuleUniqueIds { get; set; } = "[]";
    /// <summary>JSON object form unique id → <c>r</c> or <c>rw</c>.</summary>
    public string FormSectionReadWrite { get; set; } = "{}";
    public bool IsManager { get; set; }
    public bool Referral { get; set; }
    public bool Transfer { get; set; }
    public bool ReferralAuthorization { get; set; }
    public bool Disabled { get; set; }
    /// <summary>Amparo addition: users of this role must use a second factor (TOTP) to sign in.</summary>
    public bool RequireTwoFactor { get; set; }
}
