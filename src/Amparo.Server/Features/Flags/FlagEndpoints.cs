using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
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
            group.MapGet("/{id}/flags", (HttpContext http, AmparoDbContext db, string id) => ListAsync(http, db, type, id)).RequirePermission(name, "flag");
            group.MapPost("/{id}/flags", (HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, string id) => CreateAsync(http, db, changes, clock, type, id))
                .RequirePermission(name, "flag");
            group.MapPatch("/{id}/flags/{flagId:int}", (HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, string id, int flagId) =>
                UpdateAsync(http, db, changes, clock, type, id, flagId))
                .PermissionDecidedByHandler("resolving needs flag (one's own) or resolve_any_flag; editing needs flag_update");
            group.MapPost("/flags", (HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock) => BulkAsync(http, db, changes, clock, type))
                // Primero's catalogue has flag_multiple for cases only: other types flag in bulk with what a role can be granted.
                .RequirePermission(name, PermissionCatalog.IsKnown(name, "flag_multiple") ? "flag_multiple" : "flag");
        }
        api.MapGet("/flags", DashboardAsync).RequirePermission("dashboard", "dash_flags").WithTags("Flags");
        return api;
    }

    public static JsonObject ToJson(Flag f, RecordEntity? r, string path) => new()
    {
        ["id"] = f.Id,
        ["record_id"] = f.RecordId.ToString(),
        ["record_uuid"] = f.RecordId.ToString(),
        ["record_type"] = path,
        ["date"] = f.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["message"] = f.Message,
        ["flagged_by"] = f.FlaggedBy,
        ["removed"] = f.Removed,
        ["unflag_message"] = f.UnflagMessage,
        ["unflagged_by"] = f.UnflaggedBy,
        ["unflagged_date"] = f.UnflaggedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["created_at"] = ApiTime.Format(f.CreatedAt),
        ["system_generated_followup"] = false,
        ["short_id"] = r?.ShortId,
        ["owned_by"] = r?.OwnedBy,
    };

    private static JsonObject RecordPart(RecordEntity r) => new()
    {
        ["id"] = r.Id.ToString(),
        ["flagged"] = r.FlagCount > 0,
        ["flag_count"] = r.FlagCount,
    };

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, RecordType type, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id);
        var flags = await db.Set<Flag>().AsNoTracking().Where(f => f.RecordId == record!.Id).OrderBy(f => f.Id).ToListAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. flags.Select(f => (JsonNode?)ToJson(f, record, type.Path))]) });
    }

    /// <summary>A flag's message and date from a request; null with the attribute at fault when they do not fit.</summary>
    private static (string? Message, DateOnly Date, string? Problem) Read(JsonObject data, DateOnly today)
    {
        var message = JsonRead.Str(data, "message")?.Trim();
        if (string.IsNullOrEmpty(message) || message.Length > 2000) return (null, today, "message");
        var date = today;
        if (JsonRead.Str(data, "date") is { } text && !DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            return (null, today, "date");
        return (message, date, null);
    }

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

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, RecordType type, string id)
    {
        var (data, bodyError) = await RequestBody.ReadWrappedAsync(http, "data");
        if (bodyError is not null) return bodyError;
        var now = clock.GetUtcNow();
        var (message, date, problem) = Read(data!, DateOnly.FromDateTime(now.UtcDateTime));
        if (problem is not null) return ApiErrors.Invalid(http, problem, $"errors.models.flag.{problem}");
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id, track: true);
        var added = new List<Flag>();
        await RaiseAsync(db, changes, record!, message!, date, CurrentUser.From(http), now, added, http.RequestAborted);
        await changes.CommitAsync(http.RequestAborted);
        if (data!["id"] is not null) return Results.NoContent();
        var json = ToJson(added[0], record, type.Path);
        json["record"] = RecordPart(record!);
        return Results.Json(new JsonObject { ["data"] = json });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, RecordType type, string id, int flagId)
    {
        var (data, bodyError) = await RequestBody.ReadWrappedAsync(http, "data");
        if (bodyError is not null) return bodyError;
        var user = CurrentUser.From(http);
        var resolving = data!.ContainsKey("unflag_message");
        // Resolving needs "flag" (one's own) or "resolve_any_flag"; changing the message or date needs "flag_update".
        if (resolving ? !user.Can(type.Name, "flag") && !user.Can(type.Name, "resolve_any_flag") : !user.Can(type.Name, "flag_update"))
            return ApiErrors.Forbidden(http);
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id, track: true);
        var flag = await db.Set<Flag>().FirstOrDefaultAsync(f => f.Id == flagId && f.RecordId == record!.Id, http.RequestAborted);
        if (flag is null) return ApiErrors.NotFound(http, $"Couldn't find Flag with 'id'={flagId}");
        var now = clock.GetUtcNow();
        var change = changes.Begin(record!, user.UserName, user.Id);
        if (resolving)
        {
            if (flag.Removed) return ApiErrors.Invalid(http, "unflag_message", "errors.models.flag.already_resolved");
            if (!user.Can(type.Name, "resolve_any_flag") && flag.FlaggedBy != user.UserName) return ApiErrors.Forbidden(http);
            var unflag = JsonRead.Str(data, "unflag_message")?.Trim();
            if (string.IsNullOrEmpty(unflag)) return ApiErrors.Invalid(http, "unflag_message", "errors.models.flag.unflag_message");
            flag.Removed = true;
            flag.UnflagMessage = unflag;
            flag.UnflaggedBy = user.UserName;
            flag.UnflaggedDate = DateOnly.FromDateTime(now.UtcDateTime);
            record!.FlagCount = Math.Max(0, record.FlagCount - 1);
        }
        else
        {
            var (message, date, problem) = Read(data, flag.Date);
            if (problem is not null) return ApiErrors.Invalid(http, problem, $"errors.models.flag.{problem}");
            flag.Message = message!;
            flag.Date = date;
        }
        await changes.StageAsync(change, http.RequestAborted);
        await changes.CommitAsync(http.RequestAborted);
        var json = ToJson(flag, record, type.Path);
        json["record"] = RecordPart(record!);
        return Results.Json(new JsonObject { ["data"] = json });
    }

    /// <summary>
    /// Flags every record matched by <c>filters</c> (ids or short ids) within the caller's reach; more than 100 matches is
    /// refused rather than silently cut. Done in one transaction: the response comes when the flags exist.
    /// </summary>
    private static async Task<IResult> BulkAsync(HttpContext http, AmparoDbContext db, RecordChanges changes, TimeProvider clock, RecordType type)
    {
        var (data, bodyError) = await RequestBody.ReadWrappedAsync(http, "data");
        if (bodyError is not null) return bodyError;
        if (data!["filters"] is not JsonObject filters || filters.Count == 0) return ApiErrors.Invalid(http, "filters", "errors.models.flag.filters");
        var now = clock.GetUtcNow();
        var (message, date, problem) = Read(data, DateOnly.FromDateTime(now.UtcDateTime));
        if (problem is not null) return ApiErrors.Invalid(http, problem, $"errors.models.flag.{problem}");
        var user = CurrentUser.From(http);
        var query = db.ReadableRecords(user).Where(r => r.RecordType == type.Name);
        var ids = Strings(filters["id"]).Select(s => Guid.TryParse(s, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
        var shortIds = Strings(filters["short_id"]);
        if (ids.Count == 0 && shortIds.Count == 0) return ApiErrors.Invalid(http, "filters", "errors.models.flag.filters");
        query = query.Where(r => ids.Contains(r.Id) || shortIds.Contains(r.ShortId));
        var records = await query.Take(BulkLimit + 1).ToListAsync(http.RequestAborted);
        if (records.Count > BulkLimit) return ApiErrors.Invalid(http, "filters", "errors.models.flag.too_many");
        var added = new List<Flag>();
        foreach (var record in records) await RaiseAsync(db, changes, record, message!, date, user, now, added, http.RequestAborted);
        await changes.CommitAsync(http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["message"] = message, ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["filters"] = filters.DeepClone(), ["total"] = added.Count },
        });
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
        JsonValue v when v.TryGetValue<string>(out var s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => [],
    };

    /// <summary>The dashboard list: flags on records the caller may see, newest first; <c>active_only</c>, <c>flagged_by_me</c>, <c>record_type</c>.</summary>
    private static async Task<IResult> DashboardAsync(HttpContext http, AmparoDbContext db)
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
        var data = page.Select(x => (JsonNode?)ToJson(x.Flag, x.Record, RecordType.Of(x.Record.RecordType).Path));
        return Results.Json(paging.Envelope(new JsonArray([.. data]), total));
    }
}
