namespace Amparo.Server.Platform.Tenancy;

/// <summary>The tenant of the current request (or job). Set once, by <see cref="TenantResolutionMiddleware"/>.</summary>
internal sealed class TenantContext
{
    private Guid? _tenantId;

    public Guid TenantId => _tenantId ?? throw new InvalidOperationException("No tenant has been resolved for this scope.");

    public bool IsResolved => _tenantId.HasValue;

    public void Set(Guid tenantId)
    {
        if (_tenantId.HasValue && _tenantId != tenantId) throw new InvalidOperationException("The tenant of a scope cannot change.");
        _tenantId = tenantId;
    }
}
