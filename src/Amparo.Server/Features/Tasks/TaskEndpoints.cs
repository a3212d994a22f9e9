using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Tasks;

/// <summary>
/// <c>GET /api/v2/tasks</c> (<c>dash_tasks</c>): what the caller's open, enabled cases ask of them next, computed from
/// the answers as Primero does — an assessment or case plan due and not done, follow-ups needed and not held, services
/// not yet implemented (due after their response time frame, or on their appointment date) — each overdue or due
/// within seven days flagged, newest due date first, paged. Dates are <c>dd-Mon-yyyy</c>, Primero's one exception.
/// </summary>
internal static class TaskEndpoints
{
    public static readonly JsonObject FieldNames = new()
    {
        ["assessment"] = "assessment_requested_on",
        ["case_plan"] = "date_case_plan",
        ["service"] = "service_implemented_day_time",
        ["follow_up"] = "followup_date",
    };

    private static readonly Dictionary<string, string> TypeDisplay = new(StringComparer.Ordinal)
    {
        ["assessment"] = "Assessment", ["case_plan"] = "Case plan", ["service"] = "Service", ["follow_up"] = "Follow-up",
    };

    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tasks", ListAsync).RequirePermission("dashboard", "dash_tasks").WithTags("Tasks");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, TimeProvider clock)
    {
        var user = CurrentUser.From(http);
        var now = clock.GetUtcNow();
        var cases = await db.Records.AsNoTracking()
            .Where(r => r.RecordType == RecordType.Case.Name && r.OwnedByUserId == user.Id && r.Status == "open" && r.RecordState)
            .ToListAsync(http.RequestAborted);
        var rows = new List<(RecordEntity Record, JsonObject Data, DueTask Task)>();
        foreach (var record in cases)
        {
            var data = JsonNode.Parse(record.Data)!.AsObject();
            rows.AddRange(DueTasks.Of(data).Select(t => (record, data, t)));
        }
        var descending = !string.Equals(http.Request.Query["order"], "asc", StringComparison.OrdinalIgnoreCase);
        var ordered = descending ? rows.OrderByDescending(r => r.Task.Due) : rows.OrderBy(r => r.Task.Due);
        var paging = Paging.From(http.Request);
        var page = new JsonArray();
        foreach (var (record, data, task) in ordered.Skip(paging.Skip).Take(paging.Per))
        {
            var access = await permissions.ForAsync(user, record.ModuleId, record.RecordType, http.RequestAborted) ?? RecordEndpoints.NoFields;
            page.Add((JsonNode)new JsonObject
            {
                ["record_type"] = "case",
                ["id"] = record.Id.ToString(),
                ["record_id_display"] = record.CaseIdDisplay,
                ["type"] = task.Type,
                ["type_display"] = TypeDisplay[task.Type],
                ["detail"] = task.Detail,
                ["priority"] = access.CanRead("risk_level") ? JsonRead.Str(data, "risk_level") : null,
                ["due_date"] = task.Due.UtcDateTime.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture),
                ["name"] = access.CanRead("name") ? JsonRead.Str(data, "name") : null,
                ["completion_field"] = task.CompletionField,
                ["module_unique_id"] = record.ModuleId,
                ["overdue"] = task.Due < now,
                ["upcoming_soon"] = task.Due >= now && task.Due <= now.AddDays(7),
            });
        }
        var envelope = paging.Envelope(page, rows.Count);
        envelope["metadata"]!["field_names"] = FieldNames.DeepClone();
        return Results.Json(envelope);
    }
}
