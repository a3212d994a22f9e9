using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Reports;

/// <summary><c>GET /api/v2/reports</c> and <c>/reports/:id</c>: the report definitions of the tenant (<c>report:read</c>).</summary>
internal static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/", ListAsync).RequirePermission("report", "read");
        reports.MapGet("/{id:int}", ShowAsync).RequirePermission("report", "read");
        return api;
    }

    public static JsonObject ToJson(ReportDefinition r)
    {
        var o = JsonNode.Parse(r.Definition) as JsonObject ?? [];
        o["id"] = r.Id;
        o["unique_id"] = r.UniqueId;
        o["name"] = I18nText.ToWire(r.Name);
        o["description"] = I18nText.ToWire(r.Description);
        o["module_id"] = r.ModuleId;
        o["record_type"] = r.RecordType;
        o["editable"] = r.Editable;
        return o;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var paging = Paging.From(http.Request);
        var query = db.Set<ReportDefinition>().AsNoTracking();
        var total = await query.CountAsync(http.RequestAborted);
        var page = await query.OrderBy(r => r.Id).Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);
        return Results.Json(paging.Envelope(new JsonArray([.. page.Select(r => (JsonNode?)ToJson(r))]), total));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, int id) =>
        await db.Set<ReportDefinition>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, http.RequestAborted) is { } report
            ? Results.Json(new JsonObject { ["data"] = ToJson(report) })
            : ApiErrors.NotFound(http, $"Couldn't find Report with 'id'={id}");
}
