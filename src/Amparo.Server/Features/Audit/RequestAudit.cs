using System.Threading.Channels;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Tenancy;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// The audit of every API call, reads included: who did what to which record, and how it ended. Requests only
/// enqueue (so a read never waits for the chain); a single background writer appends each tenant's events in order,
/// in batches, to the same hash chain as the security events. Query strings are never recorded: they carry search
/// terms, which can be names.
/// </summary>
internal sealed class RequestAuditQueue
{
    private readonly Channel<PendingAudit> _channel = Channel.CreateUnbounded<PendingAudit>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(PendingAudit entry) => _channel.Writer.TryWrite(entry);

    public ChannelReader<PendingAudit> Reader => _channel.Reader;
}

internal sealed class RequestAuditWriter(RequestAuditQueue queue, IServiceScopeFactory scopes, ILogger<RequestAuditWriter> log) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingAudit>();
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < BatchSize && queue.Reader.TryRead(out var entry)) batch.Add(entry);
            foreach (var tenantEvents in batch.GroupBy(e => e.TenantId))
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantEvents.Key);
                    await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync([.. tenantEvents], stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Could not append {Count} request audit events", tenantEvents.Count());
                }
            }
            batch.Clear();
        }
    }
}

internal sealed class RequestAuditMiddleware(RequestDelegate next, RequestAuditQueue queue, TimeProvider clock)
{
    /// <summary>Set by a create to the new record's id, so its audit entry names it.</summary>
    public const string CreatedRecordItem = "Amparo.Audit.CreatedRecord";

    /// <summary>Calls audited on their own, with more detail (sign-in, second factors), and the public instance information.</summary>
    private static readonly string[] SelfAudited = ["/api/v2/tokens", "/api/v2/two_factor", "/api/v2/primero"];

    public async Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        await next(context);
        if (!context.Request.Path.StartsWithSegments("/api/v2") || SelfAudited.Any(p => context.Request.Path.StartsWithSegments(p))) return;
        if (context.Items[CurrentUser.ItemKey] is not CurrentUser user) return;
        var (action, targetType, targetId) = Describe(context);
        if (action.Length > 120) action = action[..120];
        queue.Enqueue(new PendingAudit(tenant.TenantId, clock.GetUtcNow(), user.Id, user.UserName, action, targetType, targetId,
            new System.Text.Json.Nodes.JsonObject { ["status"] = context.Response.StatusCode }));
    }

    /// <summary>Record calls in Primero's words (list, show, create, update, disable) with the record; others by route.</summary>
    private static (string Action, string? TargetType, string? TargetId) Describe(HttpContext context)
    {
        var method = context.Request.Method;
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var segments = pattern.Trim('/').Split('/');
        // /api/v2/{records} or /api/v2/{records}/{id}
        if (segments.Length is 3 or 4 && RecordType.All.FirstOrDefault(t => t.Path == segments[2]) is { } type)
        {
            var id = segments.Length == 4 ? context.Request.RouteValues["id"]?.ToString() : context.Items[CreatedRecordItem] as string;
            var action = (method, segments.Length) switch
            {
                ("GET", 3) => "list",
                ("GET", 4) => "show",
                ("POST", 3) => "create",
                ("PATCH", 4) => "update",
                ("DELETE", 4) => "disable",
                _ => $"{method} {pattern}",
            };
            return (action, type.Name, id);
        }
        if (segments.Length >= 5 && RecordType.All.FirstOrDefault(t => t.Path == segments[2]) is { } sub)
            return ($"{method} {pattern}", sub.Name, context.Request.RouteValues["id"]?.ToString());
        return ($"{method} {pattern}", null, null);
    }
}
