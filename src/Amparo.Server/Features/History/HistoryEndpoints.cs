using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.History;

/// <summary>
/// <c>GET /api/v2/:type/:id/record_history</c>, newest first, paged; <c>filters[field_names][]</c> and
/// <c>filters[form_unique_ids][]</c> narrow it. Unlike Primero's, it shows only changes to fields the viewer may read
/// (system fields always): a change log must not leak what the record itself hides. Needs read access to the record
/// and the type's <c>change_log</c> permission.
/// </summary>
internal static class HistoryEndpoints
{
    private static readonly HashSet<string> SystemKeys = ["status", "record_state", "workflow", "owned_by", "module_id", "date_closure", "case_status_reopened", "reopened_logs", "name", "flag_count"];

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var type in RecordType.All)
        {
            var name = type.Name;
            api.MapGet($"/{type.Path}/{{id}}/record_history",
                    (HttpContext http, AmparoDbContext db, FieldPermissions permissions, Forms.FormCatalog forms, string id) => ListAsync(http, db, permissions, forms, name, type.Path, id))
                .RequirePermission(name, "change_log").WithTags(type.Path).WithSummary("The record's change log, newest first.");
        }
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, Forms.FormCatalog forms,
        string recordType, string path, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id);
        var user = CurrentUser.From(http);
        var access = await permissions.ForRecordAsync(user, record!, http.RequestAborted) ?? RecordEndpoints.NoFields;

        var q = http.Request.Query;
        var fieldNames = QueryFilters.Values(q, "filters[field_names]").ToHashSet(StringComparer.Ordinal);
        var formIds = QueryFilters.Values(q, "filters[form_unique_ids]");
        if (formIds.Count > 0)
        {
            var moduleForms = await forms.ModuleFormsAsync(record.ModuleId, recordType, http.RequestAborted) ?? [];
            fieldNames.UnionWith(moduleForms.Where(f => formIds.Contains(f.UniqueId)).SelectMany(f => f.Fields).Select(f => f.Name));
        }

        var entries = await db.Set<RecordHistory>().AsNoTracking().Where(h => h.RecordId == record.Id)
            .OrderByDescending(h => h.Id).ToListAsync(http.RequestAborted);
        var visible = new List<JsonObject>();
        foreach (var entry in entries)
        {
            var changes = new JsonArray();
            foreach (var (field, change) in JsonNode.Parse(entry.Changes) as JsonObject ?? [])
            {
                if (!(SystemKeys.Contains(field) || access.CanRead(field))) continue;
                if (fieldNames.Count > 0 && !fieldNames.Contains(field)) continue;
                changes.Add((JsonNode)new JsonObject { [field] = change?.DeepClone() });
            }
            // An update whose every change is hidden from this viewer is not shown at all (its existence would tell).
            if (changes.Count == 0 && (entry.Action != "create" || fieldNames.Count > 0)) continue;
            visible.Add(new JsonObject
            {
                ["record_id"] = entry.RecordId.ToString(),
                ["record_type"] = path,
                ["datetime"] = ApiTime.Format(entry.Datetime),
                ["user_name"] = entry.UserName,
                ["action"] = entry.Action,
                ["record_changes"] = changes,
            });
        }
        var paging = Paging.From(http.Request);
        return Results.Json(paging.Envelope(new JsonArray([.. visible.Skip(paging.Skip).Take(paging.Per).Select(v => (JsonNode)v)]), visible.Count));
    }
}
