using System.Text.Json.Nodes;
using System.Threading.Channels;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Amparo.Server.Features.Transitions;

/// <summary>A bulk assign accepted by the API and waiting for the worker: the records were matched when it was asked.</summary>
internal sealed record BulkAssignJob(Guid TenantId, int ActorUserId, IReadOnlyList<Guid> RecordIds, string TransitionedTo, string? Notes);

/// <summary>In-process queue of bulk assigns (ADR 0010): the API answers at once, the worker assigns one record at a time.</summary>
internal sealed class BulkAssignQueue
{
    private readonly Channel<BulkAssignJob> _channel = Channel.CreateUnbounded<BulkAssignJob>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<BulkAssignJob> Reader => _channel.Reader;

    public void Enqueue(BulkAssignJob job)
    {
        if (!_channel.Writer.TryWrite(job)) throw new InvalidOperationException("The bulk assign queue is closed.");
    }
}

/// <summary>
/// Runs queued bulk assigns, each record in its own transaction and with the sender's permissions as they are when it
/// runs. Logs only counts: record ids and user names stay out of the logs.
/// </summary>
internal sealed class BulkAssignWorker(BulkAssignQueue queue, IServiceScopeFactory scopes, ILogger<BulkAssignWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var assigned = 0;
            foreach (var recordId in job.RecordIds)
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    scope.ServiceProvider.GetRequiredService<TenantContext>().Set(job.TenantId);
                    var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
                    var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == job.ActorUserId && !u.Disabled, stoppingToken);
                    if (user is null) break;
                    var actor = await CurrentUserLoader.LoadAsync(db, user, null, stoppingToken);
                    if (await scope.ServiceProvider.GetRequiredService<TransitionService>().AssignInBackgroundAsync(actor, recordId, job.TransitionedTo, job.Notes, stoppingToken))
                        assigned++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "A record of a bulk assign could not be assigned");
                }
            }
            log.LogInformation("Bulk assign finished: {Assigned} of {Total} records assigned", assigned, job.RecordIds.Count);
        }
    }
}

/// <summary><c>POST /api/v2/:type/assigns</c>: matches the records now (at most 100), assigns them in the background.</summary>
internal static class BulkAssign
{
    public const int Limit = 100;

    public static async Task<IResult> HandleAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, TransitionRecipients recipients,
        BulkAssignQueue queue, TenantContext tenant, RecordType type)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var actor = CurrentUser.From(http);
        var ct = http.RequestAborted;
        if (data!["filters"] is not JsonObject filters || filters.Count == 0) return ApiErrors.Unprocessable(http, "param is missing or the value is empty: filters");
        if (Amparo.Forms.JsonRead.Str(data, "notes") is { Length: > 4000 }) return ApiErrors.Invalid(http, "notes", "errors.models.transition.too_long");
        var to = Amparo.Forms.JsonRead.Str(data, "transitioned_to");
        // The module is not known before the records are: assignments have no module rule (primero-domain §5.2).
        var recipient = string.IsNullOrWhiteSpace(to) ? null
            : (await recipients.EligibleAsync(actor, TransitionTypes.Assign, type.Name, null, null, ct, Users.User.Normalize(to))).FirstOrDefault();
        if (recipient is null) return ApiErrors.Invalid(http, "transitioned_to", "transition.errors.to_user_can_receive");

        var records = db.ReadableRecords(actor).AsNoTracking().Where(r => r.RecordType == type.Name);
        var fields = await RecordFilterFields.LoadAsync(permissions, actor, type.Name, ct);
        var parsed = RecordFilterParser.Parse(AsQuery(filters), fields.Resolve);
        if (parsed.Count == 0) return ApiErrors.Unprocessable(http, "param is missing or the value is empty: filters");
        if (await new RecordFilterQuery(db, fields).BuildAsync(parsed, ct) is { } predicate) records = records.Where(predicate);
        var query = Amparo.Forms.JsonRead.Str(data, "query")?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(query)) records = records.Where(r => r.SearchText.Contains(query));
        var ids = await records.OrderBy(r => r.Id).Select(r => r.Id).Take(Limit + 1).ToListAsync(ct);
        if (ids.Count > Limit) return ApiErrors.Unprocessable(http, "case.messages.bulk_assign_limit");

        queue.Enqueue(new BulkAssignJob(tenant.TenantId, actor.Id, ids, recipient.UserName, Amparo.Forms.JsonRead.Str(data, "notes")));
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["transitioned_to"] = recipient.UserName, ["filters"] = filters.DeepClone() } });
    }

    /// <summary>
    /// Bulk filters come as JSON (<c>{"short_id": ["a1","b2"], "age": {"from": 5, "to": 9}, "status": "open"}</c>); the list's
    /// parser reads query strings, so they are written as the list would receive them: lists comma-joined, ranges as
    /// <c>[from]</c>/<c>[to]</c>.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, StringValues>> AsQuery(JsonObject filters)
    {
        static string? Text(JsonNode? n) => n switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
        foreach (var (key, value) in filters)
        {
            switch (value)
            {
                case JsonArray list:
                    yield return new(key, string.Join(',', list.Select(Text).OfType<string>()));
                    break;
                case JsonObject range:
                    foreach (var (end, bound) in range)
                        if (Text(bound) is { } b) yield return new($"{key}[{end}]", b);
                    break;
                default:
                    if (Text(value) is { } t) yield return new(key, t);
                    break;
            }
        }
    }
}
