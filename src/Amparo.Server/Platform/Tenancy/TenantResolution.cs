using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Platform.Tenancy;

/// <summary>
/// Knows the hosted tenants and picks one per request: the tenant whose host name matches,
/// otherwise the default tenant, so a single-tenant installation needs no configuration.
/// </summary>
internal sealed class TenantRegistry
{
    private volatile IReadOnlyList<Tenant> _tenants = [];

    public async Task LoadAsync(AmparoDbContext db, CancellationToken ct = default) =>
        _tenants = await db.Tenants.AsNoTracking().ToListAsync(ct);

    public Tenant Default => _tenants.FirstOrDefault(t => t.IsDefault)
        ?? throw new InvalidOperationException("No default tenant: the server has not finished starting.");

    public Tenant? Find(Guid id) => _tenants.FirstOrDefault(t => t.Id == id);

    public Tenant Resolve(string host) =>
        _tenants.FirstOrDefault(t => t.HostName is not null && string.Equals(t.HostName, host, StringComparison.OrdinalIgnoreCase))
        ?? Default;
}

internal sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantRegistry registry, TenantContext tenant)
    {
        tenant.Set(registry.Resolve(context.Request.Host.Host).Id);
        return next(context);
    }
}
