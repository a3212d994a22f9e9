using System.Globalization;
using System.Security.Claims;

namespace Amparo.Server.Features.Auth;

/// <summary>The signed-in user as the authentication handler vouched for it (see <see cref="AmparoAuthenticationHandler"/>).</summary>
internal sealed record CurrentUser(int Id, string UserName, string GroupPermission, bool IsSuperuser, Guid? SessionId)
{
    public const string ScopeClaim = "amparo:scope";
    public const string SuperuserClaim = "amparo:superuser";
    public const string SessionClaim = "sid";

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");
        return new CurrentUser(
            int.Parse(id, CultureInfo.InvariantCulture),
            principal.FindFirstValue(ClaimTypes.Name)!,
            principal.FindFirstValue(ScopeClaim)!,
            principal.FindFirstValue(SuperuserClaim) == "true",
            Guid.TryParse(principal.FindFirstValue(SessionClaim), out var sid) ? sid : null);
    }
}
