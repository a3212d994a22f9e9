using System.Text.Json.Nodes;
using System.Threading.Channels;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// The audit event of the current API call (reads included: who did what to which record, and how it ended). A record
/// change writes it into its own transaction (<see cref="AttachTo"/>), so no change commits without its event; every
/// call's event is in the database, ready to chain, before the answer goes out (<see cref="RequestAuditMiddleware"/>).
/// Query strings are never recorded: they carry search terms, which can be names.
/// </summary>
internal sealed class RequestAuditScope(IHttpContextAccessor accessor, TenantContext tenant, TimeProvider clock)
{
    /// <summary>Set by a create to the new record's id, so its audit entry names it.</summary>
    public Guid? CreatedRecordId { get; set; }

    /// <summary>Set by a handler that knows the call's action better than its route (<see cref="AuditActions"/>): an approval's decision, a transfer's answer.</summary>
    public string? Action { get; set; }

    /// <summary>Calls audited on their own, with more detail (sign-in, second factors), and the public instance information.</summary>
    private static readonly string[] SelfAudited = ["/api/v2/tokens", "/api/v2/two_factor", "/api/v2/primero"];

    private readonly List<string> _fields = [];

    private AuditOutboxEntry? _row;

    /// <summary>
    /// The id of this call's event if a record change saved it (its transaction may still have rolled back: the
    /// middleware then writes the event anew).
    /// </summary>
    public long? StoredId => _row is { Id: > 0 } row ? row.Id : null;

    /// <summary>
    /// Adds this call's event, not ready, to <paramref name="db"/>'s unit of work (once per call), naming the fields
    /// record changes touched. Returns false outside an audited API call.
    /// </summary>
    public bool AttachTo(AmparoDbContext db, IEnumerable<string> changedFields)
    {
        foreach (var f in changedFields) if (!_fields.Contains(f)) _fields.Add(f);
        if (_row is not null && (_row.Id > 0 || db.Entry(_row).State != EntityState.Detached)) return true;
        if (Describe(0) is not { } row) return false;
        row.Ready = false;
        _row = row;
        db.Add(row);
        return true;
    }

    /// <summary>This call's event with the answer's status, or null when the call is not audited here.</summary>
    public AuditOutboxEntry? Describe(int status)
    {
        if (accessor.HttpContext is not { } context) return null;
        if (!context.Request.Path.StartsWithSegments("/api/v2") || SelfAudited.Any(p => context.Request.Path.StartsWithSegments(p))) return null;
        if (context.Items[CurrentUser.ItemKey] is not CurrentUser user) return null;
        var (action, targetType, targetId) = DescribeCall(context);
        var detail = new JsonObject { ["status"] = status == 0 ? null : status };
        if (_fields.Count > 0) detail["fields"] = new JsonArray([.. _fields.Select(f => (JsonNode?)f)]);
        return AuditOutboxEntry.Of(tenant.TenantId, clock.GetUtcNow(), user.Id, user.UserName, action, targetType, targetId, detail, ready: true);
    }

    private (string Action, string? TargetType, string? TargetId) DescribeCall(HttpContext context)
    {
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var (action, targetType, targetId) = AuditActions.Describe(context.Request.Method, pattern, name => context.Request.RouteValues[name]?.ToString(), CreatedRecordId);
        return (Action ?? action, targetType, targetId);
    }
}

/// <summary>
/// Writes each API call's audit event before its answer starts (or, when no answer starts, as the call ends), through
/// <see cref="AuditOutboxWriter"/>'s group commits. An event that cannot be written fails the call rather than answer
/// unaudited.
/// </summary>
internal sealed class RequestAuditMiddleware(RequestDelegate next, AuditOutboxWriter writer)
{
    public async Task InvokeAsync(HttpContext context, RequestAuditScope audit)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v2"))
        {
            await next(context);
            return;
        }
        var written = false;
        Task WriteAsync()
        {
            if (written) return Task.CompletedTask;
            written = true;
            return audit.Describe(context.Response.StatusCode) is { } row ? writer.WriteAsync(row, audit.StoredId) : Task.CompletedTask;
        }
        context.Response.OnStarting(WriteAsync);
        await next(context);
        if (!context.Response.HasStarted) await WriteAsync();
    }
}

/// <summary>
/// Group commit of API calls' audit events: calls hand their event over and wait until the transaction holding it has
/// committed, so each answer still leaves only once its event is in the database; concurrent calls share one
/// transaction (and one disk flush) instead of queueing one by one for the database's write lock, which on SQLite
/// tripled a record read's p95 at 100k cases (docs/performance.md). The events of a dead process's unanswered calls were
/// never acknowledged, so nothing acknowledged is lost.
/// </summary>
internal sealed class AuditOutboxWriter(IServiceScopeFactory scopes, AuditSignal signal) : BackgroundService
{
    private const int BatchSize = 500;

    private sealed record Pending(AuditOutboxEntry Row, long? StoredId, TaskCompletionSource Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes when the event is committed: inserted, or — written earlier with a record change — made ready with its status.</summary>
    public Task WriteAsync(AuditOutboxEntry row, long? storedId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(row, storedId, done))) done.SetException(new InvalidOperationException("The audit writer has stopped."));
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                try
                {
                    await CommitAsync(batch);
                    foreach (var p in batch) p.Done.TrySetResult();
                    signal.Nudge();
                }
                catch (Exception e)
                {
                    foreach (var p in batch) p.Done.TrySetException(e);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetException(new OperationCanceledException("The server is stopping."));
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        // One transaction per tenant: the context only writes rows of the tenant it is set to.
        foreach (var tenantEvents in batch.GroupBy(p => p.Row.TenantId))
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantEvents.Key);
            var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
            // Never cancelled halfway: callers are waiting for this commit.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            foreach (var p in tenantEvents)
            {
                // Written with the call's record change: it gets its status and may join the chain. Gone (the change
                // rolled back after saving it): written anew.
                if (p.StoredId is { } id && await db.Set<AuditOutboxEntry>().Where(o => o.Id == id)
                        .ExecuteUpdateAsync(s => s.SetProperty(o => o.Ready, true).SetProperty(o => o.Detail, p.Row.Detail), CancellationToken.None) > 0)
                    continue;
                db.Add(p.Row);
            }
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
    }
}
