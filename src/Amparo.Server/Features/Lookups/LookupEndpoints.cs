using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Lookups;

/// <summary>
/// <c>/api/v2/lookups</c> as in Primero: everyone signed in lists them (forms need them to show options); reading
/// one and changing them takes <c>metadata</c> management. PATCH merges values by id, <c>_delete</c> removes one;
/// a locked lookup keeps its set of values; a lookup still used by a field cannot be deleted.
/// </summary>
internal static partial class LookupEndpoints
{
    public static IEndpointRouteBuilder MapLookupEndpoints(this IEndpointRouteBuilder api)
    {
        var lookups = api.MapGroup("/lookups").WithTags("Forms");
        lookups.MapGet("/", ListAsync).PermissionDecidedByHandler("every signed-in user's client needs the configuration to show forms and options");
        lookups.MapGet("/{id:int}", ShowAsync).RequirePermission("metadata", "manage_restricted");
        lookups.MapPost("/", CreateAsync).RequirePermission("metadata", "manage");
        lookups.MapPatch("/{id:int}", UpdateAsync).RequirePermission("metadata", "manage");
        lookups.MapDelete("/{id:int}", DeleteAsync).RequirePermission("metadata", "manage");
        return api;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex IdPattern();

    public static JsonObject ToJson(Lookup l) => new()
    {
        ["id"] = l.Id,
        ["unique_id"] = l.UniqueId,
        ["name"] = I18nText.ToWire(l.Name),
        ["locked"] = l.Locked,
        ["values"] = JsonNode.Parse(l.Values) ?? new JsonArray(),
    };

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var paging = Paging.From(http.Request);
        var query = db.Set<Lookup>().AsNoTracking();
        var total = await query.CountAsync(http.RequestAborted);
        var descending = string.Equals(http.Request.Query["order"], "desc", StringComparison.OrdinalIgnoreCase);
        var rows = await query.OrderBy(l => l.Id).ToListAsync(http.RequestAborted);
        // Names are localised JSON: order in memory by the requested locale (a tenant has tens of lookups, not thousands).
        if (http.Request.Query["order_by"] == "name")
        {
            var locale = http.Request.Query["locale"].ToString() is { Length: > 0 } l ? l : "en";
            rows = [.. rows.OrderBy(r => I18nText.Get(r.Name, locale), StringComparer.CurrentCultureIgnoreCase)];
        }
        if (descending) rows.Reverse();
        var page = rows.Skip(paging.Skip).Take(paging.Per);
        return Results.Json(paging.Envelope(new JsonArray([.. page.Select(l => (JsonNode?)ToJson(l))]), total));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, int id) =>
        await db.Set<Lookup>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, http.RequestAborted) is { } lookup
            ? Results.Json(new JsonObject { ["data"] = ToJson(lookup) })
            : ApiErrors.NotFound(http, $"Couldn't find Lookup with 'id'={id}");

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, TimeProvider clock)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var name = I18nText.Merge("{}", data!["name"]);
        if (name is null || I18nText.Get(name).Length == 0) return ApiErrors.Invalid(http, "name", "errors.models.lookup.name_present");
        var uniqueId = JsonRead.Str(data, "unique_id") ?? "lookup-" + Slugs.From(I18nText.Get(name));
        if (!IdPattern().IsMatch(uniqueId)) return ApiErrors.Invalid(http, "unique_id", "errors.models.lookup.unique_id_format");
        if (await db.Set<Lookup>().AnyAsync(l => l.UniqueId == uniqueId, http.RequestAborted)) return ApiErrors.Conflict(http);
        var values = MergeValues(new JsonArray(), data["values"]);
        if (values is null) return ApiErrors.Invalid(http, "values", "errors.models.lookup.values_format");
        var lookup = new Lookup
        {
            UniqueId = uniqueId,
            Name = name,
            Values = values.ToJsonString(),
            Locked = JsonRead.Bool(data, "locked") ?? false,
            UpdatedAt = clock.GetUtcNow(),
        };
        db.Add(lookup);
        await db.SaveChangesAsync(http.RequestAborted);
        return data["id"] is not null ? Results.NoContent() : Results.Json(new JsonObject { ["data"] = ToJson(lookup) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, AmparoDbContext db, TimeProvider clock, int id)
    {
        var lookup = await db.Set<Lookup>().FirstOrDefaultAsync(l => l.Id == id, http.RequestAborted);
        if (lookup is null) return ApiErrors.NotFound(http, $"Couldn't find Lookup with 'id'={id}");
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        if (data!.ContainsKey("name"))
        {
            var name = I18nText.Merge(lookup.Name, data["name"]);
            if (name is null || I18nText.Get(name).Length == 0) return ApiErrors.Invalid(http, "name", "errors.models.lookup.name_present");
            lookup.Name = name;
        }
        if (data.ContainsKey("values"))
        {
            var before = JsonNode.Parse(lookup.Values) as JsonArray ?? [];
            var ids = Ids(before);
            var merged = MergeValues(before, data["values"]);
            if (merged is null) return ApiErrors.Invalid(http, "values", "errors.models.lookup.values_format");
            if (lookup.Locked && !ids.SetEquals(Ids(merged))) return ApiErrors.Invalid(http, "values", "errors.models.lookup.locked");
            lookup.Values = merged.ToJsonString();
        }
        lookup.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(lookup) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, AmparoDbContext db, FormCatalog catalog, int id)
    {
        var lookup = await db.Set<Lookup>().FirstOrDefaultAsync(l => l.Id == id, http.RequestAborted);
        if (lookup is null) return ApiErrors.NotFound(http, $"Couldn't find Lookup with 'id'={id}");
        if (lookup.Locked) return ApiErrors.Forbidden(http);
        var source = "lookup " + lookup.UniqueId;
        var users = (await catalog.AllFormsAsync(http.RequestAborted))
            .SelectMany(f => f.Fields.OfType<ChoiceField>().Where(c => c.Options is OptionSource.Named n && n.Source == source).Select(c => $"{f.UniqueId}.{c.Name}"))
            .ToList();
        if (users.Count > 0)
            return ApiErrors.Unprocessable(http, "errors.models.lookup.in_use", new JsonArray([.. users.Select(u => (JsonNode?)u)]));
        db.Remove(lookup);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(Paging.Deleted(id));
    }

    private static HashSet<string> Ids(JsonArray values) =>
        [.. values.OfType<JsonObject>().Select(v => JsonRead.Str(v, "id")).OfType<string>()];

    /// <summary>
    /// Merges incoming values into <paramref name="existing"/> by id: texts merge per locale, tags and disabled
    /// replace, <c>_delete: true</c> removes, unknown ids append. Null when the shape is wrong.
    /// </summary>
    public static JsonArray? MergeValues(JsonArray existing, JsonNode? incoming)
    {
        if (incoming is null) return existing;
        var result = existing.DeepClone().AsArray();
        if (incoming is not JsonArray changes) return null;
        foreach (var change in changes)
        {
            if (change is not JsonObject c || JsonRead.Str(c, "id") is not { Length: > 0 } valueId || !IdPattern().IsMatch(valueId)) return null;
            var current = result.OfType<JsonObject>().FirstOrDefault(v => JsonRead.Str(v, "id") == valueId);
            if (JsonRead.Bool(c, "_delete") == true)
            {
                if (current is not null) result.Remove(current);
                continue;
            }
            if (current is null)
            {
                current = new JsonObject { ["id"] = valueId, ["display_text"] = new JsonObject() };
                result.Add(current);
            }
            var text = I18nText.Merge(current["display_text"]?.ToJsonString() ?? "{}", c["display_text"] ?? new JsonObject());
            if (text is null) return null;
            current["display_text"] = JsonNode.Parse(text);
            if (c.ContainsKey("tags")) current["tags"] = JsonRead.StrList(c, "tags") is { } tags ? new JsonArray([.. tags.Select(t => (JsonNode?)t)]) : null;
            if (JsonRead.Bool(c, "disabled") is { } disabled) current["disabled"] = disabled;
        }
        return result;
    }
}
