using Amparo.Server.Platform.Background;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary>Wakes the chainer when an event was written, so chaining follows writing closely without polling hard.</summary>
internal sealed class AuditSignal : WakeSignal;

/// <summary>
/// Moves outbox rows into each tenant's hash chain: when nudged, and every few seconds for rows another process wrote
/// or a dead one left behind (the outbox is in the database, so a restart loses nothing).
/// </summary>
internal sealed class AuditChainer(AuditSignal signal, IServiceScopeFactory scopes, ILogger<AuditChainer> log) : BackgroundService
{
    /// <summary>How long a request's not-yet-ready event may wait for its answer before it is chained without a status.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(Poll, stoppingToken);
                await ChainAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The rows stay in the outbox and are tried again on the next pass.
                log.LogWarning(e, "Audit events could not be chained yet");
            }
        }
    }

    private async Task ChainAllAsync(CancellationToken ct)
    {
        List<Guid> tenants;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
            tenants = await db.Set<AuditOutboxEntry>().IgnoreQueryFilters().Select(o => o.TenantId).Distinct().ToListAsync(ct);
        }
        foreach (var tenantId in tenants)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().ChainPendingAsync(ct);
        }
    }
}
