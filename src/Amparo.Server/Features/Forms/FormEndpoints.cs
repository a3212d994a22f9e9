using System.Text.Json.Nodes;
using Amparo.Forms;

namespace Amparo.Server.Features.Forms;

/// <summary><c>GET /api/v2/forms</c> and <c>GET /api/v2/primero_modules</c>: the configuration clients render from.</summary>
internal static class FormEndpoints
{
    public static IEndpointRouteBuilder MapFormEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/forms", ListFormsAsync).WithTags("Forms").WithSummary("All form sections with their fields (not paginated).");
        api.MapGet("/primero_modules", ListModulesAsync).WithTags("Forms").WithSummary("Modules and the forms they use.");
        return api;
    }

    private static async Task<IResult> ListFormsAsync(HttpContext http, FormCatalog catalog, string? record_type, string? module_id)
    {
        var forms = await catalog.AllFormsAsync(http.RequestAborted);
        var selected = forms
            .Where(f => record_type is null || f.ParentForm == record_type)
            .Where(f => module_id is null || f.ModuleIds.Contains(module_id))
            .Select(f => (JsonNode?)FormJson.WriteForm(f));
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. selected]) });
    }

    private static async Task<IResult> ListModulesAsync(HttpContext http, Amparo.Server.Platform.Data.AmparoDbContext db)
    {
        var modules = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Modules, http.RequestAborted);
        var data = modules.OrderBy(m => m.Id).Select(m => (JsonNode?)new JsonObject
        {
            ["id"] = m.Id,
            ["unique_id"] = m.UniqueId,
            ["name"] = m.Name,
            ["description"] = m.Description,
            ["associated_record_types"] = new JsonArray([.. FormCatalog.Strings(m.AssociatedRecordTypes).Select(s => (JsonNode?)s)]),
            ["form_section_unique_ids"] = new JsonArray([.. FormCatalog.Strings(m.FormSectionUniqueIds).Select(s => (JsonNode?)s)]),
        });
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. data]) });
    }
}
