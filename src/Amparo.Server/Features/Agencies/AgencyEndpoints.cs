using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Agencies;

/// <summary>
/// <c>/api/v2/agencies</c>: list and read (<c>agency:read</c>), create (<c>agency:manage</c>, as Primero has no
/// grantable create), update and soft-disable (<c>agency:write</c>). A role's <c>objects.agency</c> list, when
/// present, limits which agencies it may read or change.
/// </summary>
internal static class AgencyEndpoints
{
    public static IEndpointRouteBuilder MapAgencyEndpoints(this IEndpointRouteBuilder api)
    {
        var agencies = api.MapGroup("/agencies").WithTags("Agencies");
        agencies.MapGet("/", ListAsync).RequirePermission("agency", "read");
        agencies.MapGet("/{id:int}", ShowAsync).RequirePermission("agency", "read");
        agencies.MapPost("/", CreateAsync).RequirePermission("agency", "manage");
        agencies.MapPatch("/{id:int}", UpdateAsync).RequirePermission("agency", "write");
        agencies.MapDelete("/{id:int}", DisableAsync).RequirePermission("agency", "write");
        return api;
    }

    public static JsonObject ToJson(Agency a) => new()
    {
        ["id"] = a.Id,
        ["unique_id"] = a.UniqueId,
        ["agency_code"] = a.AgencyCode,
        ["name"] = I18nText.ToWire(a.Name),
        ["description"] = I18nText.ToWire(a.Description),
        ["disabled"] = a.Disabled,
    };

    /// <summary>The agencies a role may act on: all, or those listed in its <c>objects.agency</c>.</summary>
    private static IQueryable<Agency> Permitted(AmparoDbContext db, CurrentUser user)
    {
        var listed = user.Permissions.Objects["agency"] is JsonArray a
            ? a.Select(n => n?.GetValue<string>()).OfType<string>().ToList()
            : null;
        return listed is null || user.IsSuperuser ? db.Agencies : db.Agencies.Where(x => listed.Contains(x.UniqueId));
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var paging = Paging.From(http.Request);
        var query = Permitted(db, CurrentUser.From(http)).AsNoTracking();
        if (QueryFilters.Booleans(http.Request.Query, "disabled") is { Count: > 0 } disabled) query = query.Where(x => disabled.Contains(x.Disabled));
        var total = await query.CountAsync(http.RequestAborted);
        var page = await query.OrderBy(x => x.Id).Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);
        return Results.Json(paging.Envelope(new JsonArray([.. page.Select(a => (JsonNode?)ToJson(a))]), total));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, int id) =>
        await Permitted(db, CurrentUser.From(http)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted) is { } agency
            ? Results.Json(new JsonObject { ["data"] = ToJson(agency) })
            : ApiErrors.NotFound(http, $"Couldn't find Agency with 'id'={id}");

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db)
    {
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        // A client-chosen id (Primero's offline creation) must be free.
        if (JsonRead.Number(data!, "id") is { } clientId && await db.Agencies.AnyAsync(x => x.Id == clientId, http.RequestAborted)) return ApiErrors.Conflict(http);
        var code = JsonRead.Str(data!, "agency_code")?.Trim();
        if (string.IsNullOrEmpty(code)) return ApiErrors.Invalid(http, "agency_code", "errors.models.agency.code_present");
        var name = I18nText.Merge("{}", data!["name"]);
        if (name is null || I18nText.Get(name).Length == 0) return ApiErrors.Invalid(http, "name", "errors.models.agency.name_present");
        var uniqueId = JsonRead.Str(data, "unique_id") ?? "agency-" + code.ToLowerInvariant().Replace(' ', '-');
        if (await db.Agencies.AnyAsync(x => x.AgencyCode == code || x.UniqueId == uniqueId, http.RequestAborted)) return ApiErrors.Conflict(http);
        var agency = new Agency
        {
            UniqueId = uniqueId,
            AgencyCode = code,
            Name = name,
            Description = I18nText.Merge("{}", data["description"]) ?? "{}",
            Disabled = JsonRead.Bool(data, "disabled") ?? false,
        };
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(http.RequestAborted);
        return data["id"] is not null ? Results.NoContent() : Results.Json(new JsonObject { ["data"] = ToJson(agency) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, AmparoDbContext db, int id)
    {
        var agency = await Permitted(db, CurrentUser.From(http)).FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted);
        if (agency is null) return ApiErrors.NotFound(http, $"Couldn't find Agency with 'id'={id}");
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        if (data!.ContainsKey("name"))
        {
            var name = I18nText.Merge(agency.Name, data["name"]);
            if (name is null || I18nText.Get(name).Length == 0) return ApiErrors.Invalid(http, "name", "errors.models.agency.name_present");
            agency.Name = name;
        }
        if (data.ContainsKey("description"))
            agency.Description = I18nText.Merge(agency.Description, data["description"]) ?? agency.Description;
        if (JsonRead.Str(data, "agency_code")?.Trim() is { Length: > 0 } code && code != agency.AgencyCode)
        {
            if (await db.Agencies.AnyAsync(x => x.AgencyCode == code, http.RequestAborted)) return ApiErrors.Conflict(http);
            agency.AgencyCode = code;
        }
        if (JsonRead.Bool(data, "disabled") is { } disabled) agency.Disabled = disabled;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(agency) });
    }

    private static async Task<IResult> DisableAsync(HttpContext http, AmparoDbContext db, int id)
    {
        var agency = await Permitted(db, CurrentUser.From(http)).FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted);
        if (agency is null) return ApiErrors.NotFound(http, $"Couldn't find Agency with 'id'={id}");
        agency.Disabled = true;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(Paging.Deleted(id));
    }
}
