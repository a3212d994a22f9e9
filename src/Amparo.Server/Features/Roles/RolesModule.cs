namespace Amparo.Server.Features.Roles;

/// <summary>Roles and the permission catalogue they are built from.</summary>
internal static class RolesModule
{
    public static IEndpointRouteBuilder MapRoles(this IEndpointRouteBuilder api)
    {
        api.MapPermissionEndpoints();
        api.MapRoleEndpoints();
        return api;
    }
}
