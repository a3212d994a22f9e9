using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// <c>Amparo.Server users unlock &lt;user_name&gt; [--tenant &lt;host or code&gt;]</c>: the recovery when every administrator is locked
/// out account-wide and no one can reset a password through the API. Run on the server, so it needs the server's
/// configuration and database access, nothing an attacker on the network has.
/// </summary>
internal static class AuthCommands
{
    public static async Task<int> UnlockAsync(IServiceProvider services, string userName, string? tenantHost)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        var tenant = tenantHost is null
            ? await db.Tenants.FirstOrDefaultAsync(t => t.IsDefault)
            : await db.Tenants.FirstOrDefaultAsync(t => t.HostName == tenantHost || t.Code == tenantHost);
        if (tenant is null)
        {
            Console.WriteLine($"Amparo: no tenant {tenantHost ?? "(default)"}.");
            return 1;
        }
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        if (!await LoginService.UnlockAsync(db, userName, default))
        {
            Console.WriteLine($"Amparo: no user {userName}.");
            return 1;
        }
        Console.WriteLine($"Amparo: {userName} unlocked.");
        return 0;
    }
}
