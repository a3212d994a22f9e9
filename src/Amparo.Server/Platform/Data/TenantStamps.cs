using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// Data a signed-in user's rights are made of (users, roles, groups, memberships): a change to it makes the tenant's
/// access stamp new, so every cached user of the tenant is read again on their next request, in every server process.
/// </summary>
internal interface IAccessData : ITenantOwned
{
    /// <summary>
    /// True when a change of only these properties leaves every signed-in user's rights as they were (a failed-login
    /// counter, a notification switch). The default is false: a property nobody thought about invalidates.
    /// </summary>
    bool LeavesAccessAsItWas(IEnumerable<string> modifiedProperties) => false;
}

/// <summary>Configuration that is cached per configuration stamp (forms and modules): a change makes the stamp new.</summary>
internal interface IConfigurationData : ITenantOwned;

/// <summary>
/// A tenant's two stamps, one row per tenant (ADR 0025). Each is replaced by a new random value in the same transaction
/// as any change to the data it covers, so a cache entry taken with a stamp is right for as long as the stamp read
/// with the request is the same, whichever process made the change. Caches trade one small read per request for the
/// several reads they save, and never serve what an administrator changed before the request began.
/// </summary>
internal sealed class TenantStamp : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid Access { get; set; }
    public Guid Configuration { get; set; }
}

internal sealed class TenantStampConfiguration : IEntityTypeConfiguration<TenantStamp>
{
    public void Configure(EntityTypeBuilder<TenantStamp> e)
    {
        e.ToTable("tenant_stamps");
        e.HasKey(x => x.TenantId);
        e.HasOne<Tenancy.Tenant>().WithOne().HasForeignKey<TenantStamp>(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Makes the stamps new inside the SaveChanges that changes what they cover, and gives every new tenant its row. The
/// stamp row is updated through a stub entity (no read first), so the stamp and the change commit or fail together.
/// Changes made with ExecuteUpdate/ExecuteDelete bypass this: their callers save a tracked change in the same
/// transaction, or say why none is needed.
/// </summary>
internal sealed class TenantStampsInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AmparoDbContext db) Stamp(db);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AmparoDbContext db) Stamp(db);
        return ValueTask.FromResult(result);
    }

    private static void Stamp(AmparoDbContext db)
    {
        HashSet<Guid> access = [], configuration = [];
        // A list first: new tenants' stamp rows are added while looking.
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is Tenancy.Tenant { } tenant && entry.State == EntityState.Added)
                db.Add(new TenantStamp { TenantId = tenant.Id, Access = Guid.NewGuid(), Configuration = Guid.NewGuid() });
            if (entry.Entity is IAccessData data && !(entry.State == EntityState.Modified && data.LeavesAccessAsItWas(ModifiedProperties(entry))))
                access.Add(data.TenantId);
            if (entry.Entity is IConfigurationData config) configuration.Add(config.TenantId);
        }
        if (access.Count == 0 && configuration.Count == 0) return;
        foreach (var tenantId in access.Union(configuration))
        {
            var stamp = db.ChangeTracker.Entries<TenantStamp>().FirstOrDefault(e => e.Entity.TenantId == tenantId)
                ?? db.Attach(new TenantStamp { TenantId = tenantId });
            if (stamp.State == EntityState.Deleted) continue;
            if (access.Contains(tenantId)) Renew(stamp.Property(s => s.Access));
            if (configuration.Contains(tenantId)) Renew(stamp.Property(s => s.Configuration));
        }
        db.StampsChanged++;
    }

    private static void Renew(PropertyEntry<TenantStamp, Guid> property)
    {
        property.CurrentValue = Guid.NewGuid();
        property.IsModified = true;
    }

    private static IEnumerable<string> ModifiedProperties(EntityEntry entry) =>
        entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name);
}

/// <summary>
/// The current tenant's stamps as this request sees them: read once (or handed over by the sign-in check, which reads
/// them with the session), and read again after this request's own SaveChanges made them new.
/// </summary>
internal sealed class TenantStamps(AmparoDbContext db)
{
    private (Guid Access, Guid Configuration)? _stamps;
    private int _readAt;

    public async ValueTask<(Guid Access, Guid Configuration)> ReadAsync(CancellationToken ct)
    {
        if (_stamps is { } known && _readAt == db.StampsChanged) return known;
        var row = await db.Set<TenantStamp>().AsNoTracking().Select(s => new { s.Access, s.Configuration }).FirstOrDefaultAsync(ct);
        // No row (a tenant made outside EF): a fresh value each time, so nothing is ever served from a cache.
        var stamps = row is null ? (Guid.NewGuid(), Guid.NewGuid()) : (row.Access, row.Configuration);
        Remember(stamps);
        return stamps;
    }

    /// <summary>Stamps read with another query of this request (the session's).</summary>
    public void Remember((Guid Access, Guid Configuration) stamps)
    {
        _stamps = stamps;
        _readAt = db.StampsChanged;
    }
}
