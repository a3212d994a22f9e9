using System.Globalization;
using Amparo.Contracts.Wire;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Alerts;

/// <summary>
/// <c>GET /api/v2/alerts</c> (how many open, enabled records the caller may see have alerts, per type),
/// <c>GET /api/v2/:type/:id/alerts</c> (with read access) and <c>DELETE /api/v2/:type/:id/alerts/:unique_id</c>
/// (<c>remove_alert</c>).
/// </summary>
internal static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/alerts", CountsAsync).WithTags("Alerts")
            .PermissionDecidedByHandler("counts only alerts on records of types the role reads, through the access rule");
        foreach (var type in RecordType.All)
        {
            var name = type.Name;
            var group = api.MapGroup($"/{type.Path}").WithTags(type.Path);
            group.MapGet("/{id}/alerts", (HttpContext http, AmparoDbContext db, string id) => ListAsync(http, db, name, id)).RequirePermission(name, "read");
            group.MapDelete("/{id}/alerts/{alertId}", (HttpContext http, AmparoDbContext db, string id, string alertId) => RemoveAsync(http, db, name, id, alertId))
                // Primero's catalogue has remove_alert for cases and incidents only: for the others, whoever may write the record.
                .RequirePermission(name, PermissionCatalog.IsKnown(name, "remove_alert") ? "remove_alert" : "write");
        }
        return api;
    }

    public static AlertJson ToJson(Alert a) =>
        new(a.AlertFor, a.Type, a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.FormUniqueId, a.UniqueId.ToString());

    private static async Task<Ok<DataEnvelope<IReadOnlyDictionary<string, int>>>> CountsAsync(HttpContext http, AmparoDbContext db)
    {
        var user = CurrentUser.From(http);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in new[] { RecordType.Case, RecordType.Incident, RecordType.TracingRequest })
        {
            if (!user.Can(type.Name, "read")) { result[type.Name] = 0; continue; }
            var name = type.Name;
            var records = db.ReadableRecords(user).Where(r => r.RecordType == name && r.Status == "open" && r.RecordState);
            result[name] = await records.CountAsync(r => r.AlertCount > 0, http.RequestAborted);
        }
        return TypedResults.Ok(new DataEnvelope<IReadOnlyDictionary<string, int>>(result));
    }

    private static async Task<Ok<DataEnvelope<IReadOnlyList<AlertJson>>>> ListAsync(HttpContext http, AmparoDbContext db, string recordType, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id);
        var alerts = await db.Set<Alert>().AsNoTracking().Where(a => a.RecordId == record!.Id).OrderBy(a => a.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new DataEnvelope<IReadOnlyList<AlertJson>>([.. alerts.Select(ToJson)]));
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, AmparoDbContext db, string recordType, string id, string alertId)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id, track: true);
        var alert = Guid.TryParse(alertId, out var uid)
            ? await db.Set<Alert>().FirstOrDefaultAsync(a => a.RecordId == record!.Id && a.UniqueId == uid, http.RequestAborted)
            : null;
        if (alert is null) return ApiErrors.NotFound(http, $"Couldn't find Alert with 'unique_id'={alertId}");
        db.Remove(alert);
        record!.AlertCount = Math.Max(0, record.AlertCount - 1);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.NoContent();
    }
}
