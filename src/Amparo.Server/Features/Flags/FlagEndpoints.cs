using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Contracts.Wire;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Flags;

/// <summary>
/// Flags (Primero §2.3): list, raise and resolve or edit on one record (<c>flag</c>, <c>resolve_any_flag</c>,
/// <c>flag_update</c>, each with read access to the record), raise on up to 100 records matched by filters
/// (<c>flag_multiple</c>), and the dashboard's <c>GET /flags</c> over the records the caller may see. The record's
/// <c>flag_count</c> and <c>flagged</c> follow in the same transaction, and each change enters its history.
/// </summary>
internal static class FlagEndpoints
{
    private const int BulkLimit = 100;

    public static IEndpointRouteBuilder MapFlagEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var type in RecordType.All)
        {
            var name = type.Name;
            var group = api.MapGroup($"/{type.Path}").WithTags(type.Path);
            group.MapGet("/{id}/flags", (HttpContext http, AmparoDbContext db, string id) => ListAsync(http, db, type, id)).ProducesErrors().RequirePermission(name, "flag");
            group.MapPost("/{id}/flags", (HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, string id) => CreateAsync(http, db, changes, clock, type, id))
                .AcceptsData<FlagRequest>().Produces<DataEnvelope<FlagJson>>().Produces(StatusCodes.Status204NoContent).RequirePermission(name, "flag");
            group.MapPatch("/{id}/flags/{flagId:int}", (HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, string id, int flagId) =>
                UpdateAsync(http, db, changes, clock, type, id, flagId))
                .AcceptsData<FlagRequest>()
                .PermissionDecidedByHandler("resolving needs flag (one's own) or resolve_any_flag; editing needs flag_update");
            group.MapPost("/flags", (HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock) => BulkAsync(http, db, changes, clock, type))
                .AcceptsData<FlagRequest>()
                // Primero's catalogue has flag_multiple for cases only: other types flag in bulk with what a role can be granted.
                .RequirePermission(name, PermissionCatalog.IsKnown(name, "flag_multiple") ? "flag_multiple" : "flag");
        }
        api.MapGet("/flags", DashboardAsync).RequirePermission("dashboard", "dash_flags").WithTags("Flags");
        return api;
    }

    public static FlagJson ToJson(Flag f, RecordEntity? r, string path) => new()
    {
        Id = f.Id,
        RecordId = f.RecordId.ToString(),
        RecordUuid = f.RecordId.ToString(),
        RecordType = path,
        Date = f.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Message = f.Message,
        FlaggedBy = f.FlaggedBy,
        Removed = f.Removed,
        UnflagMessage = f.UnflagMessage,
        UnflaggedBy = f.UnflaggedBy,
        UnflaggedDate = f.UnflaggedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CreatedAt = ApiTime.Format(f.CreatedAt),
        SystemGeneratedFollowup = false,
        ShortId = r?.ShortId,
        OwnedBy = r?.OwnedBy,
    };

    /// <summary>A raised, edited or resolved flag with its record's new count.</summary>
    private static Ok<DataEnvelope<FlagJson>> Changed(Flag f, RecordEntity r, string path) =>
        TypedResults.Ok(new DataEnvelope<FlagJson>(ToJson(f, r, path) with { Record = new FlagRecordCount(r.Id.ToString(), r.FlagCount > 0, r.FlagCount) }));

    private static async Task<Ok<DataEnvelope<IReadOnlyList<FlagJson>>>> ListAsync(HttpContext http, AmparoDbContext db, RecordType type, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id);
        var flags = await db.Set<Flag>().AsNoTracking().Where(f => f.RecordId == record!.Id).OrderBy(f => f.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new DataEnvelope<IReadOnlyList<FlagJson>>([.. flags.Select(f => ToJson(f, record, type.Path))]));
    }

    /// <summary>A flag's message and date from a request; a 422 naming the attribute when they do not fit.</summary>
    private static (string Message, DateOnly Date) Read(FlagRequest data, DateOnly today)
    {
        var message = data.Message?.Trim();
        if (string.IsNullOrEmpty(message) || message.Length > 2000) throw Invalid("message");
        var date = today;
        if (data.Date is { } text && !DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            throw Invalid("date");
        return (message, date);
    }

    private static ApiException Invalid(string attribute) => ApiException.Invalid(attribute, $"errors.models.flag.{attribute}");

    private static async Task RaiseAsync(AmparoDbContext db, RecordChanges changes, RecordEntity record, string message, DateOnly date, CurrentUser user,
        DateTimeOffset now, List<Flag> added, CancellationToken ct)
    {
        var change = changes.Begin(record, user.UserName, user.Id);
        var flag = new Flag { RecordId = record.Id, RecordType = record.RecordType, Message = message, Date = date, FlaggedBy = user.UserName, CreatedAt = now };
        db.Add(flag);
        added.Add(flag);
        // flag_count is a system column: the change notices it, bumps the version (clients re-read) and logs it.
        record.FlagCount++;
        await changes.StageAsync(change, ct);
    }

    private static async Task<Results<Ok<DataEnvelope<FlagJson>>, NoContent>> CreateAsync(HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock,
        RecordType type, string id)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data", WireJson.Default.FlagRequest);
        var now = clock.GetUtcNow();
        var (message, date) = Read(data, DateOnly.FromDateTime(now.UtcDateTime));
        for (var attempt = 1; ; attempt++)
        {
            var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id, track: true);
            var added = new List<Flag>();
            try
            {
                await RaiseAsync(db, changes, record, message, date, CurrentUser.From(http), now, added, http.RequestAborted);
                await changes.CommitAsync(http.RequestAborted);
                if (data.Id is not null) return TypedResults.NoContent();
                return Changed(added[0], record, type.Path);
            }
            catch (ConflictException) when (attempt < MaxFlagAttempts)
            {
                // A new flag does not depend on the version the client saw: add it to the record as it is now. Several
                // people flagging one case at once each get their flag, after a short jittered wait.
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), http.RequestAborted);
            }
        }
    }

    private const int MaxFlagAttempts = 32;

    private static async Task<Ok<DataEnvelope<FlagJson>>> UpdateAsync(HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, RecordType type,
        string id, int flagId)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data", WireJson.Default.FlagRequest);
        var user = CurrentUser.From(http);
        var resolving = data.UnflagMessage is not null;
        // Resolving needs "flag" (one's own) or "resolve_any_flag"; changing the message or date needs "flag_update".
        if (resolving ? !user.Can(type.Name, "flag") && !user.Can(type.Name, "resolve_any_flag") : !user.Can(type.Name, "flag_update"))
            throw ApiException.Forbidden();
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id, track: true);
        var flag = await db.Set<Flag>().FirstOrDefaultAsync(f => f.Id == flagId && f.RecordId == record.Id, http.RequestAborted)
            ?? throw ApiException.NotFound($"Couldn't find Flag with 'id'={flagId}");
        var now = clock.GetUtcNow();
        var change = changes.Begin(record, user.UserName, user.Id);
        if (resolving)
        {
            if (flag.Removed) throw ApiException.Invalid("unflag_message", "errors.models.flag.already_resolved");
            if (!user.Can(type.Name, "resolve_any_flag") && flag.FlaggedBy != user.UserName) throw ApiException.Forbidden();
            var unflag = data.UnflagMessage?.Trim();
            if (string.IsNullOrEmpty(unflag)) throw Invalid("unflag_message");
            flag.Removed = true;
            flag.UnflagMessage = unflag;
            flag.UnflaggedBy = user.UserName;
            flag.UnflaggedDate = DateOnly.FromDateTime(now.UtcDateTime);
            record.FlagCount = Math.Max(0, record.FlagCount - 1);
        }
        else
        {
            (flag.Message, flag.Date) = Read(data, flag.Date);
        }
        await changes.StageAsync(change, http.RequestAborted);
        await changes.CommitAsync(http.RequestAborted);
        return Changed(flag, record, type.Path);
    }

    /// <summary>
    /// Flags every record matched by <c>filters</c> (ids or short ids) within the caller's reach; more than 100 matches is
    /// refused rather than silently cut. Done in one transaction: the response comes when the flags exist.
    /// </summary>
    private static async Task<Ok<DataEnvelope<BulkFlagResponse>>> BulkAsync(HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, RecordType type)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data", WireJson.Default.FlagRequest);
        if (data.Filters is not { Count: > 0 } filters) throw Invalid("filters");
        var now = clock.GetUtcNow();
        var (message, date) = Read(data, DateOnly.FromDateTime(now.UtcDateTime));
        var user = CurrentUser.From(http);
        var query = db.ReadableRecords(user).Where(r => r.RecordType == type.Name);
        var ids = Strings(filters["id"]).Select(s => Guid.TryParse(s, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
        var shortIds = Strings(filters["short_id"]);
        if (ids.Count == 0 && shortIds.Count == 0) throw Invalid("filters");
        query = query.Where(r => ids.Contains(r.Id) || shortIds.Contains(r.ShortId));
        var records = await query.Take(BulkLimit + 1).ToListAsync(http.RequestAborted);
        if (records.Count > BulkLimit) throw ApiException.Invalid("filters", "errors.models.flag.too_many");
        var added = new List<Flag>();
        foreach (var record in records) await RaiseAsync(db, changes, record, message, date, user, now, added, http.RequestAborted);
        await changes.CommitAsync(http.RequestAborted);
        return TypedResults.Ok(new DataEnvelope<BulkFlagResponse>(
            new BulkFlagResponse(message, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (JsonObject)filters.DeepClone(), added.Count)));
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
        JsonValue v when v.TryGetValue<string>(out var s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => [],
    };

    /// <summary>The dashboard list: flags on records the caller may see, newest first; <c>active_only</c>, <c>flagged_by_me</c>, <c>record_type</c>.</summary>
    private static async Task<Ok<ListEnvelope<FlagJson>>> DashboardAsync(HttpContext http, AmparoDbContext db)
    {
        var user = CurrentUser.From(http);
        var q = http.Request.Query;
        var paths = QueryFilters.Values(q, "record_type").SelectMany(v => v.Split(',')).ToHashSet(StringComparer.Ordinal);
        var types = RecordType.All.Where(t => (paths.Count == 0 || paths.Contains(t.Path)) && user.Can(t.Name, "read")).Select(t => t.Name).ToList();
        var visible = db.ReadableRecords(user).Where(r => types.Contains(r.RecordType));
        var flags = db.Set<Flag>().AsNoTracking().Join(visible, f => f.RecordId, r => r.Id, (f, r) => new { Flag = f, Record = r });
        if (q["active_only"] == "true") flags = flags.Where(x => !x.Flag.Removed);
        if (q["flagged_by_me"] == "true") flags = flags.Where(x => x.Flag.FlaggedBy == user.UserName);
        var total = await flags.CountAsync(http.RequestAborted);
        var paging = Paging.From(http.Request);
        var page = await flags.OrderByDescending(x => x.Flag.Date).ThenByDescending(x => x.Flag.Id).Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(paging.Envelope([.. page.Select(x => ToJson(x.Flag, x.Record, RecordType.Of(x.Record.RecordType).Path))], total));
    }
}
