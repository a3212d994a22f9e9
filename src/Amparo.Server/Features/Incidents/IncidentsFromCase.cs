using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Incidents;

/// <summary>
/// A case's incidents (Primero §2.2): <c>GET /cases/:id/incidents</c> lists the incidents linked to the case
/// (<c>incident_case_id</c>) that the access rule lets the user open, field-filtered like any read;
/// <c>GET /cases/:id/incidents/new</c> is an unsaved incident pre-filled from the case through the module's
/// <c>field_map</c> (or Primero's default mapping); <c>POST /cases/:id/incidents</c> links existing incidents.
/// The case itself must be one the user may open in every call.
/// </summary>
internal static class IncidentsFromCase
{
    public const int MaxLinkedAtOnce = 100;

    /// <summary>Primero's default case → incident mapping, used when the case's module has no <c>field_map</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultMapping =
    [
        "survivor_code_no", "age", "date_of_birth", "sex", "ethnicity", "nationality", "religion", "maritial_status",
        "displacement_status", "disability_type", "unaccompanied_separated_status",
    ];

    public static IEndpointRouteBuilder MapIncidentsFromCaseEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/cases/{id}/incidents").WithTags("cases");
        group.MapGet("/", ListAsync).RequirePermission("incident", "read")
            .WithSummary("The incidents linked to the case that the user may open: {data:[incident...]}.");
        group.MapGet("/new", NewAsync).RequirePermission(RecordEndpoints.Cases, "read")
            .WithSummary("An unsaved incident pre-filled from the case (status open, mapped answers).");
        group.MapPost("/", LinkAsync).RequirePermission("incident", "link_incident_to_case")
            .WithSummary("Links existing incidents to the case: data{incident_ids:[uuid]} → 204.");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id)
    {
        var @case = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var fields = RecordWire.ParseFields(http.Request.Query["fields"]);
        return Results.Json(new JsonObject { ["data"] = await LinkedAsync(db, permissions, CurrentUser.From(http), @case!.Id, fields, http.RequestAborted) });
    }

    /// <summary>
    /// The incidents of a case that <paramref name="user"/> may open, as they may read them: the list above, and the
    /// case's <c>incident_details</c> when the role has <c>view_incident_from_case</c>.
    /// </summary>
    public static async Task<JsonArray> LinkedAsync(AmparoDbContext db, FieldPermissions permissions, CurrentUser user, Guid caseId,
        IReadOnlySet<string>? fields, CancellationToken ct)
    {
        var incidents = await db.Records.AsNoTracking()
            .Where(r => r.RecordType == RecordType.Incident.Name && r.IncidentCaseId == caseId)
            .ReadableAmong(db, user)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(ct);
        var data = new JsonArray();
        foreach (var incident in incidents)
        {
            var access = await permissions.ForAsync(user, incident.ModuleId, RecordType.Incident.Name, ct) ?? RecordEndpoints.NoFields;
            data.Add((JsonNode)RecordWire.ToJson(incident, access, fields));
        }
        return data;
    }

    private static async Task<IResult> NewAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, FormCatalog forms, string id)
    {
        var user = CurrentUser.From(http);
        // The template exists to create an incident from the case: reading the case is not enough.
        if (!user.Can(RecordType.Incident.Name, "create") && !user.Can(RecordEndpoints.Cases, "incident_from_case")) return ApiErrors.Forbidden(http);
        var @case = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var caseAccess = await permissions.ForAsync(user, @case!.ModuleId, RecordEndpoints.Cases, http.RequestAborted) ?? RecordEndpoints.NoFields;
        var (moduleId, mapping) = await MappingAsync(forms, @case.ModuleId, http.RequestAborted);
        // Only what the user may read of the case is copied: the template must not show more than the case does.
        var caseJson = RecordWire.ToJson(@case, caseAccess);
        var template = new JsonObject
        {
            ["status"] = "open",
            ["module_id"] = moduleId,
            ["incident_case_id"] = @case.Id.ToString(),
            ["case_id_display"] = @case.CaseIdDisplay,
        };
        foreach (var (source, target) in mapping)
            if (caseJson[source] is { } value) template[target] = value.DeepClone();
        return Results.Json(new JsonObject { ["data"] = template });
    }

    /// <summary>
    /// The module an incident from a case of <paramref name="caseModuleId"/> goes to, and the (source, target) field pairs:
    /// the module's <c>field_map</c> (<c>{map_to, fields:[{source, target}]}</c>) when it has one, else Primero's default.
    /// </summary>
    public static async Task<(string ModuleId, IReadOnlyList<(string Source, string Target)> Fields)> MappingAsync(FormCatalog forms, string caseModuleId, CancellationToken ct)
    {
        var module = await forms.ModuleAsync(caseModuleId, ct);
        var fieldMap = module is null ? null : JsonNode.Parse(module.Extra)?["field_map"] as JsonObject;
        var moduleId = (fieldMap is null ? null : JsonRead.Str(fieldMap, "map_to"))
            ?? (module is not null && FormCatalog.Strings(module.AssociatedRecordTypes).Contains(RecordType.Incident.Name) ? caseModuleId : null)
            ?? await forms.DefaultModuleAsync(RecordType.Incident.Name, ct)
            ?? caseModuleId;
        if (fieldMap?["fields"] is JsonArray pairs)
        {
            var list = pairs.OfType<JsonObject>()
                .Select(p => (Source: JsonRead.Str(p, "source"), Target: JsonRead.Str(p, "target")))
                .Where(p => p.Source is { Length: > 0 } && p.Target is { Length: > 0 })
                .Select(p => (p.Source!, p.Target!)).ToList();
            return (moduleId, list);
        }
        return (moduleId, [.. DefaultMapping.Select(f => (f, f))]);
    }

    private static async Task<IResult> LinkAsync(HttpContext http, AmparoDbContext db, RecordChanges changes, string id)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        if (data!["incident_ids"] is not JsonArray array || array.Count is 0 or > MaxLinkedAtOnce) return ApiErrors.InvalidRecord(http, ["/incident_ids"]);
        var ids = new List<Guid>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || !v.TryGetValue<string>(out var s) || !Guid.TryParse(s, out var g)) return ApiErrors.InvalidRecord(http, [$"/incident_ids/{i}"]);
            ids.Add(g);
        }
        ids = [.. ids.Distinct()];

        var @case = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var user = CurrentUser.From(http);
        var incidents = await db.Records.Where(r => ids.Contains(r.Id) && r.RecordType == RecordType.Incident.Name)
            .ReadableAmong(db, user).ToListAsync(http.RequestAborted);
        if (incidents.Count < ids.Count)
        {
            // Tell "not there" from "not yours" only as FindAsync does: an unknown id is 404, one out of scope 403.
            var existing = await db.Records.CountAsync(r => ids.Contains(r.Id) && r.RecordType == RecordType.Incident.Name, http.RequestAborted);
            return existing < ids.Count
                ? ApiErrors.NotFound(http, $"Couldn't find incident with 'id'={string.Join(",", ids.Except(incidents.Select(r => r.Id)))}")
                : ApiErrors.Forbidden(http);
        }
        foreach (var incident in incidents.Where(r => r.IncidentCaseId != @case!.Id))
        {
            var change = changes.Begin(incident, user.UserName, user.Id);
            incident.IncidentCaseId = @case!.Id;
            await changes.StageAsync(change, http.RequestAborted);
        }
        await changes.CommitAsync(http.RequestAborted);
        return Results.NoContent();
    }
}
