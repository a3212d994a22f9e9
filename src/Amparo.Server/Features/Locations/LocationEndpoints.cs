using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Locations;

/// <summary>
/// <c>/api/v2/locations</c> as in Primero: list (everyone but restricted metadata managers; <c>hierarchy=true</c>
/// adds level, own name and path; <c>query</c> searches names and codes), show and changes (<c>metadata</c>
/// management), HXL CSV import and bulk update. Code, level and path are fixed at creation.
/// </summary>
internal static partial class LocationEndpoints
{
    public const int DefaultPer = 100;

    public static IEndpointRouteBuilder MapLocationEndpoints(this IEndpointRouteBuilder api)
    {
        var locations = api.MapGroup("/locations").WithTags("Forms");
        locations.MapGet("/", ListAsync).PermissionDecidedByHandler("every signed-in user's client needs the configuration to show forms and options");
        locations.MapGet("/{id:int}", ShowAsync).RequirePermission("metadata", "manage");
        locations.MapPost("/", CreateAsync).RequirePermission("metadata", "manage");
        locations.MapPatch("/{id:int}", UpdateAsync).RequirePermission("metadata", "manage");
        locations.MapDelete("/{id:int}", DeleteAsync).RequirePermission("metadata", "manage");
        locations.MapPost("/import", ImportAsync).RequirePermission("metadata", "manage");
        locations.MapPost("/update_bulk", UpdateBulkAsync).RequirePermission("metadata", "manage");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LocationTree tree)
    {
        var user = CurrentUser.From(http);
        if (!user.IsSuperuser && user.Can("metadata", "manage_restricted") && !user.Can("metadata", "manage")) return ApiErrors.Forbidden(http);
        var q = http.Request.Query;
        // Locations default to 100 a page and, as in Primero, are not capped: its client loads the whole tree at once.
        var per = int.TryParse(q["per"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : DefaultPer;
        var paging = Paging.From(http.Request) with { Per = per };
        var byCode = await tree.ByCodeAsync(http.RequestAborted);
        IEnumerable<Location> rows = byCode.Values;
        if (QueryFilters.Booleans(q, "disabled") is { Count: > 0 } disabled) rows = rows.Where(l => disabled.Contains(l.Disabled));
        if (int.TryParse(q["admin_level"], NumberStyles.None, CultureInfo.InvariantCulture, out var level)) rows = rows.Where(l => l.AdminLevel == level);
        if (q["query"].ToString() is { Length: > 0 } search)
            rows = rows.Where(l => l.Code.Contains(search, StringComparison.OrdinalIgnoreCase)
                || (JsonNode.Parse(l.Placename) as JsonObject ?? []).Any(kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains(search, StringComparison.CurrentCultureIgnoreCase)));
        var locale = q["locale"].ToString() is { Length: > 0 } loc ? loc : "en";
        rows = q["order_by"].ToString() switch
        {
            "code" => rows.OrderBy(l => l.Code, StringComparer.Ordinal),
            "name" => rows.OrderBy(l => LocationTree.FullName(l, byCode)[locale]?.GetValue<string>() ?? "", StringComparer.CurrentCultureIgnoreCase),
            "hierarchy" => rows.OrderBy(l => l.HierarchyPath, StringComparer.Ordinal),
            _ => rows.OrderBy(l => l.Id),
        };
        var list = rows.ToList();
        if (string.Equals(q["order"], "desc", StringComparison.OrdinalIgnoreCase)) list.Reverse();
        var hierarchy = string.Equals(q["hierarchy"], "true", StringComparison.OrdinalIgnoreCase);
        // Uncapped, so the whole tree may be asked at once: each location is made as it is written.
        var page = list.Skip(paging.Skip).Take(paging.Per).Select(l => (JsonNode)LocationTree.ToJson(l, byCode, hierarchy));
        return paging.Streamed(StreamedPage.Of(page), list.Count);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LocationTree tree, int id)
    {
        var byCode = await tree.ByCodeAsync(http.RequestAborted);
        return byCode.Values.FirstOrDefault(l => l.Id == id) is { } location
            ? Results.Json(new JsonObject { ["data"] = LocationTree.ToJson(location, byCode, hierarchy: true) })
            : ApiErrors.NotFound(http, $"Couldn't find Location with 'id'={id}");
    }

    /// <summary>Validates and builds a new location under its parent; the error names the attribute at fault.</summary>
    public static (Location? Location, string? ErrorAttribute, string? ErrorKey) Build(JsonObject data, IReadOnlyDictionary<string, Location> byCode)
    {
        var code = (JsonRead.Str(data, "code") ?? JsonRead.Str(data, "location_code"))?.Trim();
        if (string.IsNullOrEmpty(code) || !LocationCodes.Pattern().IsMatch(code)) return (null, "location_code", "errors.models.location.code_present");
        if (byCode.ContainsKey(code)) return (null, "location_code", "errors.models.location.code_unique");
        var parentCode = JsonRead.Str(data, "parent_code")?.Trim();
        Location? parent = null;
        if (!string.IsNullOrEmpty(parentCode) && !byCode.TryGetValue(parentCode, out parent)) return (null, "parent_code", "errors.models.location.parent_not_found");
        var placename = I18nText.Merge("{}", data["placename"] ?? data["name"]);
        if (placename is null || I18nText.Get(placename).Length == 0 && (JsonNode.Parse(placename) as JsonObject ?? []).Count == 0)
            return (null, "placename", "errors.models.location.name_present");
        var path = parent is null ? code : parent.HierarchyPath + "." + code;
        return (new Location
        {
            Code = code,
            Type = JsonRead.Str(data, "type"),
            Placename = placename,
            HierarchyPath = path,
            AdminLevel = path.Count(c => c == '.'),
            Disabled = JsonRead.Bool(data, "disabled") ?? false,
        }, null, null);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, LocationTree tree)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var byCode = await tree.ByCodeAsync(http.RequestAborted);
        var (location, attribute, key) = Build(data!, byCode);
        if (location is null) return ApiErrors.Invalid(http, attribute!, key!);
        db.Add(location);
        await db.SaveChangesAsync(http.RequestAborted);
        tree.Forget();
        var fresh = await tree.ByCodeAsync(http.RequestAborted);
        return data!["id"] is not null ? Results.NoContent() : Results.Json(new JsonObject { ["data"] = LocationTree.ToJson(location, fresh, hierarchy: true) });
    }

    /// <summary>Applies the changeable attributes (names, type, disabled); code, level and path stay as created.</summary>
    private static string? Apply(Location location, JsonObject data)
    {
        if (data.ContainsKey("placename") || data.ContainsKey("name"))
        {
            var placename = I18nText.Merge(location.Placename, data["placename"] ?? data["name"]);
            if (placename is null) return "placename";
            location.Placename = placename;
        }
        if (data.ContainsKey("type")) location.Type = JsonRead.Str(data, "type");
        if (JsonRead.Bool(data, "disabled") is { } disabled) location.Disabled = disabled;
        return null;
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, AmparoDbContext db, LocationTree tree, int id)
    {
        var location = await db.Set<Location>().FirstOrDefaultAsync(l => l.Id == id, http.RequestAborted);
        if (location is null) return ApiErrors.NotFound(http, $"Couldn't find Location with 'id'={id}");
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        if (Apply(location, data!) is { } bad) return ApiErrors.Invalid(http, bad, "errors.models.location.name_present");
        await db.SaveChangesAsync(http.RequestAborted);
        var byCode = await tree.ByCodeAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = LocationTree.ToJson(location, byCode, hierarchy: true) });
    }

    private static async Task<IResult> UpdateBulkAsync(HttpContext http, AmparoDbContext db, LocationTree tree)
    {
        var body = await RequestBody.ReadObjectAsync(http);
        if (body!["data"] is not JsonArray items) return ApiErrors.Unprocessable(http, "param is missing or the value is empty: data");
        var ids = items.OfType<JsonObject>().Select(i => JsonRead.Number(i, "id")).OfType<int>().ToList();
        var locations = await db.Set<Location>().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, http.RequestAborted);
        foreach (var item in items.OfType<JsonObject>())
        {
            if (JsonRead.Number(item, "id") is not { } id || !locations.TryGetValue(id, out var location)) continue;
            if (Apply(location, item) is { } bad) return ApiErrors.Invalid(http, bad, "errors.models.location.name_present");
        }
        await db.SaveChangesAsync(http.RequestAborted);
        var byCode = await tree.ByCodeAsync(http.RequestAborted);
        var data = locations.Values.OrderBy(l => l.Id).Select(l => (JsonNode?)LocationTree.ToJson(l, byCode, hierarchy: true));
        return Results.Json(Paging.Unpaged(new JsonArray([.. data])));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, AmparoDbContext db, int id)
    {
        var location = await db.Set<Location>().FirstOrDefaultAsync(l => l.Id == id, http.RequestAborted);
        if (location is null) return ApiErrors.NotFound(http, $"Couldn't find Location with 'id'={id}");
        var prefix = location.HierarchyPath + ".";
        if (await db.Set<Location>().AnyAsync(l => l.HierarchyPath.StartsWith(prefix), http.RequestAborted))
            return ApiErrors.Invalid(http, "location_code", "errors.models.location.has_children");
        db.Remove(location);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(Paging.Deleted(id));
    }

    private static async Task<IResult> ImportAsync(HttpContext http, AmparoDbContext db, LocationTree tree)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var fileName = JsonRead.Str(data!, "file_name") ?? "locations.csv";
        byte[] bytes;
        try { bytes = Convert.FromBase64String(JsonRead.Str(data!, "data_base64") ?? ""); }
        catch (FormatException) { bytes = []; }
        var result = await HxlImport.ImportAsync(db, tree, bytes, http.RequestAborted);
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["status"] = result.Status,
                ["total"] = result.Total,
                ["file_name"] = fileName,
                ["success_total"] = result.Succeeded,
                ["failure_total"] = result.Failures.Count,
                ["failures"] = new JsonArray([.. result.Failures.Select(f => (JsonNode?)f)]),
            },
            ["errors"] = new JsonArray([.. result.Errors.Select(e => (JsonNode?)new JsonObject { ["message"] = e })]),
        };
        return Results.Json(body, statusCode: result.Status == "failure" ? 422 : 200);
    }
}
