using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// The record collections of the API: cases, incidents, tracing requests, families and registry records, all served by
/// the same handlers (list, show, create, merge-update with <c>record_action</c>, and DELETE, which disables).
/// </summary>
internal static class RecordEndpoints
{
    public const string Cases = "case";

    public static IEndpointRouteBuilder MapRecordEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var type in RecordType.All) Map(api, type);
        return api;
    }

    private static void Map(IEndpointRouteBuilder api, RecordType type)
    {
        var name = type.Name;
        var group = api.MapGroup("/" + type.Path).WithTags(type.Path);
        group.MapGet("/", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, RecordTotals totals) => ListRecords.HandleAsync(http, db, permissions, totals, name))
            .RequirePermission(name, "read").WithSummary($"Search and list {type.Path}: {{data, metadata:{{total, per, page}}}}.");
        group.MapGet("/counts", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, RecordCounts counts) => RecordCounts.HandleAsync(http, db, permissions, counts, name))
            .RequirePermission(name, "read").WithSummary("Grouped counts (by=status,workflow,risk_level,sex,age,location_current,owned_by,flagged,task_overdue) over the list's scope and filters.");
        group.MapGet("/{id}", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id) => ShowAsync(http, db, permissions, name, id))
            .RequirePermission(name, "read").WithSummary("One record.");
        group.MapPost("/", (HttpContext http, CreateRecord create) => CreateAsync(http, create, name))
            .RequirePermission(name, "create").WithSummary("Create; 204 when the client supplies data.id.");
        // The permission depends on the body (write, or the record_action's own): UpdateRecord decides.
        group.MapPatch("/{id}", (HttpContext http, UpdateRecord update, string id) => UpdateAsync(http, update, name, id))
            .WithSummary("Merge-update (subform rows by unique_id, _destroy to remove); record_action=close|reopen|enable_disable_record for narrow updates.")
            .PermissionDecidedByHandler("write, or the record_action's own permission, then the access rule on the record");
        group.MapDelete("/{id}", async (HttpContext http, UpdateRecord update, string id) =>
                Results.Json(new JsonObject { ["data"] = new JsonObject { ["id"] = (await update.DisableAsync(CurrentUser.From(http), name, id, http.RequestAborted)).Id.ToString() } }))
            .RequirePermission(name, RecordActions.EnableDisable).WithSummary("Disable (record_state false); records are never deleted.");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateRecord create, string recordType)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var (record, access) = await create.CreateAsync(CurrentUser.From(http), recordType, data, http.RequestAborted);
        http.Response.Headers.ETag = RecordWire.ETag(record);
        if (data["id"] is not null) return Results.NoContent();
        return Results.Json(new JsonObject { ["data"] = RecordWire.ToJson(record, access) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, UpdateRecord update, string recordType, string id)
    {
        var body = await RequestBody.ReadObjectAsync(http);
        var (record, changed) = await update.UpdateAsync(CurrentUser.From(http), recordType, id, body, http.Request.Headers.IfMatch.ToString(), http.RequestAborted);
        http.Response.Headers.ETag = RecordWire.ETag(record);
        return Results.Json(new JsonObject { ["data"] = changed });
    }

    /// <summary>One record as <c>GET /:type/:id</c> answers it, for the type-specific endpoints that end in one.</summary>
    public static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string recordType, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id);
        var access = await permissions.ForRecordAsync(CurrentUser.From(http), record!, http.RequestAborted) ?? NoFields;
        http.Response.Headers.ETag = RecordWire.ETag(record);
        var fields = RecordWire.ParseFields(http.Request.Query["fields"]);
        var json = RecordWire.ToJson(record, access, fields);
        var user = CurrentUser.From(http);
        // Primero embeds a case's incidents (those the viewer may open) for roles that may see incidents from a case.
        if (recordType == Cases && user.Can(Cases, "view_incident_from_case") && user.Can("incident", "read") && (fields is null || fields.Contains("incident_details")))
            json["incident_details"] = await Incidents.IncidentsFromCase.LinkedAsync(db, permissions, user, record.Id, null, http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = json });
    }

    /// <summary>For a record whose module has gone: its system fields only.</summary>
    public static readonly FieldAccess NoFields = new(new HashSet<string>(), new Amparo.Forms.FormSchema([]), new Amparo.Forms.FormSchema([]));
}
