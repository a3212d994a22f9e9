using System.Text.Json.Nodes;
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
        return new AuditOutboxEntry
        {
            TenantId = tenant.TenantId,
            OccurredAt = clock.GetUtcNow(),
            ActorUserId = user.Id,
            ActorUserName = user.UserName,
            Action = action.Length > 120 ? action[..120] : action,
            TargetType = targetType,
            TargetId = targetId,
            Detail = detail.ToJsonString(),
            Ready = true,
        };
    }

    /// <summary>Record calls in Primero's words (list, show, create, update, disable) with the record; others by route.</summary>
    private (string Action, string? TargetType, string? TargetId) DescribeCall(HttpContext context)
    {
        var method = context.Request.Method;
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var segments = pattern.Trim('/').Split('/');
        // /api/v2/{records} or /api/v2/{records}/{id}
        if (segments.Length is 3 or 4 && RecordType.All.FirstOrDefault(t => t.Path == segments[2]) is { } type)
        {
            var id = segments.Length == 4 ? context.Request.RouteValues["id"]?.ToString() : CreatedRecordId?.ToString();
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

/// <summary>
/// Writes each API call's audit event before its answer starts (or, when no answer starts, as the call ends), in a
/// scope of its own: the call's own context may hold changes that failed. An event that cannot be written fails the
/// call rather than answer unaudited.
/// </summary>
internal sealed class RequestAuditMiddleware(RequestDelegate next, IServiceScopeFactory scopes, AuditSignal signal)
{
    public async Task InvokeAsync(HttpContext context, RequestAuditScope audit, TenantContext tenant)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v2"))
        {
            await next(context);
            return;
        }
        var written = false;
        async Task WriteAsync()
        {
            if (written) return;
            written = true;
            if (audit.Describe(context.Response.StatusCode) is not { } row) return;
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.TenantId);
            var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
            if (audit.StoredId is { } id)
            {
                // The event went in with the record change; now it gets its status and may join the chain.
                await db.Set<AuditOutboxEntry>().Where(o => o.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Ready, true).SetProperty(o => o.Detail, row.Detail), CancellationToken.None);
            }
            else
            {
                db.Add(row);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            signal.Nudge();
        }
        context.Response.OnStarting(WriteAsync);
        await next(context);
        if (!context.Response.HasStarted) await WriteAsync();
    }
}
