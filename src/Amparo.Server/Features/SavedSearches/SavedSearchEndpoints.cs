using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.SavedSearches;

/// <summary>
/// <c>/api/v2/saved_searches</c>: each user lists, saves and deletes their own (someone else's is 403, a missing one
/// 404). Filters are kept as sent (<c>[{name, value}]</c>); applying them is the list endpoint's job, under the
/// access rule of whoever runs them.
/// </summary>
internal static class SavedSearchEndpoints
{
    private const int MaxFilters = 100;

    public static IEndpointRouteBuilder MapSavedSearchEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/saved_searches").WithTags("Saved searches")
            .PermissionDecidedByHandler("the caller's own saved searches only");
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapDelete("/{id:int}", DeleteAsync);
        return api;
    }

    private static JsonObject ToJson(SavedSearch s) => new()
    {
        ["id"] = s.Id,
        ["name"] = s.Name,
        ["record_type"] = RecordType.All.FirstOrDefault(t => t.Name == s.RecordType)?.Path ?? s.RecordType,
        ["module_ids"] = JsonNode.Parse(s.ModuleIds),
        ["filters"] = JsonNode.Parse(s.Filters),
        ["user_id"] = s.UserId,
        ["created_at"] = ApiTime.Format(s.CreatedAt),
    };

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var me = CurrentUser.From(http).Id;
        var paging = Paging.From(http.Request);
        var mine = db.Set<SavedSearch>().AsNoTracking().Where(s => s.UserId == me);
        var total = await mine.CountAsync(http.RequestAborted);
        var page = await mine.OrderBy(s => s.Id).Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);
        return Results.Json(paging.Envelope(new JsonArray([.. page.Select(s => (JsonNode?)ToJson(s))]), total));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, TimeProvider clock)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var name = JsonRead.Str(data!, "name")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200) return ApiErrors.Invalid(http, "name", "errors.models.saved_search.name");
        var path = JsonRead.Str(data!, "record_type");
        if (RecordType.All.FirstOrDefault(t => t.Path == path || t.Name == path) is not { } type) return ApiErrors.Invalid(http, "record_type", "errors.models.saved_search.record_type");
        if (data!["filters"] is not JsonArray filters || filters.Count > MaxFilters
            || filters.Any(f => f is not JsonObject o || JsonRead.Str(o, "name") is not { Length: > 0 } || !o.ContainsKey("value")))
            return ApiErrors.Invalid(http, "filters", "errors.models.saved_search.filters");
        var user = CurrentUser.From(http);
        if (!user.Can(type.Name, "read")) return ApiErrors.Forbidden(http);
        var search = new SavedSearch
        {
            UserId = user.Id,
            Name = name,
            RecordType = type.Name,
            ModuleIds = new JsonArray([.. (JsonRead.StrList(data, "module_ids") ?? []).Select(m => (JsonNode?)m)]).ToJsonString(),
            Filters = filters.ToJsonString(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(search);
        await db.SaveChangesAsync(http.RequestAborted);
        return data["id"] is not null ? Results.NoContent() : Results.Json(new JsonObject { ["data"] = ToJson(search) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, AmparoDbContext db, int id)
    {
        var search = await db.Set<SavedSearch>().FirstOrDefaultAsync(s => s.Id == id, http.RequestAborted);
        if (search is null) return ApiErrors.NotFound(http, $"Couldn't find SavedSearch with 'id'={id}");
        if (search.UserId != CurrentUser.From(http).Id) return ApiErrors.Forbidden(http);
        db.Remove(search);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(Paging.Deleted(id));
    }
}
