using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Configuration;

/// <summary>
/// <c>POST /api/v2/configurations/import_primero</c>: a Primero configuration sent as one JSON object whose keys are
/// the seed files' names (<c>forms</c>, <c>lookups</c>, <c>roles</c>, <c>modules</c>, ...). 200 with what was
/// imported and any warnings, or 422 with the errors and nothing changed. Takes <c>primero_configuration:manage</c>, as
/// does <c>GET /api/v2/configurations</c>.
/// </summary>
internal static class ConfigurationEndpoints
{
    public static IEndpointRouteBuilder MapConfigurationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/configurations/import_primero", ImportAsync).RequirePermission("primero_configuration", "manage").WithTags("Configuration")
            .WithSummary("Imports a Primero configuration (the seed files as one JSON object).");
        // Primero's configuration states (snapshots to apply or promote). Amparo keeps none: a configuration comes in by
        // import and lives in the forms, lookups and roles themselves, so the list is Primero's answer for none.
        api.MapGet("/configurations", (HttpContext http) => Results.Json(Paging.From(http.Request).Envelope([], 0)))
            .RequirePermission("primero_configuration", "manage").WithTags("Configuration").WithSummary("Saved configuration states: none.");
        return api;
    }

    private static async Task<IResult> ImportAsync(HttpContext http, PrimeroImport import, Audit.AuditTrail audit)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var parts = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var name in PrimeroImport.Files)
            if (data![name] is { } part) parts[name] = part.DeepClone();
        if (parts.Count == 0) return ApiErrors.Unprocessable(http, "Nothing to import", "Send the configuration files' contents under data (forms, lookups, roles, ...).");
        var user = CurrentUser.From(http);
        var report = await import.ImportAsync(parts, user.UserName, http.RequestAborted);
        if (report.Errors.Count == 0)
            await audit.RecordAsync("configuration_imported", user.Id, user.UserName, "configuration", "primero", ct: http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = report.ToJson() }, statusCode: report.Errors.Count == 0 ? 200 : 422);
    }
}
