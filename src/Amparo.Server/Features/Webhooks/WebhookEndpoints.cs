using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Webhooks;

/// <summary>
/// <c>/api/v2/webhooks</c> (Primero §2.14): the tenant's external systems, <c>{id, events, url, role_unique_id, metadata}</c>.
/// Amparo adds a write-only <c>secret</c> (at least 32 characters, required on create) that every push is signed with;
/// it is stored encrypted and never returned, so an administrator who loses it sets a new one.
/// </summary>
internal static class WebhookEndpoints
{
    private const string Resource = "webhook";
    public const int MinSecretLength = 32;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("webhooks");
        group.MapGet("/", ListAsync).RequirePermission(Resource, "read").WithSummary("The tenant's webhooks: {data:[{id, events, url, role_unique_id, metadata}]}.");
        group.MapGet("/{id}", ShowAsync).RequirePermission(Resource, "read").WithSummary("One webhook.");
        group.MapPost("/", CreateAsync).RequirePermission(Resource, "create").WithSummary("Add: data{url, events[], secret, role_unique_id?, metadata?}; 204 when data.id is given.");
        group.MapPatch("/{id}", UpdateAsync).RequirePermission(Resource, "write").WithSummary("Change any of url, events, secret, role_unique_id, metadata.");
        group.MapDelete("/{id}", DeleteAsync).RequirePermission(Resource, "delete").WithSummary("Delete: R({id}).");
        return api;
    }

    public static JsonObject ToJson(WebhookEntity w) => new()
    {
        ["id"] = w.Id.ToString(),
        ["events"] = JsonNode.Parse(w.Events),
        ["url"] = w.Url,
        ["role_unique_id"] = w.RoleUniqueId,
        ["metadata"] = JsonNode.Parse(w.Metadata),
    };

    private static async Task<IResult> ListAsync(AmparoDbContext db, HttpContext http)
    {
        var hooks = await db.Set<WebhookEntity>().AsNoTracking().OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. hooks.Select(h => (JsonNode?)ToJson(h))]) });
    }

    private static async Task<WebhookEntity> FindAsync(HttpContext http, AmparoDbContext db, string id) =>
        Guid.TryParse(id, out var guid) && await db.Set<WebhookEntity>().FirstOrDefaultAsync(w => w.Id == guid, http.RequestAborted) is { } hook
            ? hook
            : throw ApiException.NotFound($"Couldn't find webhook with 'id'={id}");

    private static async Task<IResult> ShowAsync(AmparoDbContext db, HttpContext http, string id)
    {
        return Results.Json(new JsonObject { ["data"] = ToJson(await FindAsync(http, db, id)) });
    }

    private static async Task<IResult> CreateAsync(AmparoDbContext db, HttpContext http, IDataProtectionProvider protection, TimeProvider clock)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        Guid? clientId = null;
        if (data!["id"] is not null)
        {
            if (!Guid.TryParse(JsonRead.Str(data, "id"), out var parsed)) return ApiErrors.Invalid(http, "id", "errors.models.webhook.id");
            if (await db.Set<WebhookEntity>().AnyAsync(w => w.Id == parsed, http.RequestAborted)) return ApiErrors.Conflict(http);
            clientId = parsed;
        }
        if (data["url"] is null) return ApiErrors.Invalid(http, "url", "errors.models.webhook.url");
        if (data["secret"] is null) return ApiErrors.Invalid(http, "secret", "errors.models.webhook.secret");
        var hook = new WebhookEntity { Id = clientId ?? Guid.CreateVersion7(), Url = "", ProtectedSecret = "", CreatedAt = clock.GetUtcNow() };
        if (await ApplyAsync(http, db, protection, hook, data) is { } invalid) return invalid;
        db.Add(hook);
        await db.SaveChangesAsync(http.RequestAborted);
        return clientId is null ? Results.Json(new JsonObject { ["data"] = ToJson(hook) }) : Results.NoContent();
    }

    private static async Task<IResult> UpdateAsync(AmparoDbContext db, HttpContext http, IDataProtectionProvider protection, string id)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var hook = await FindAsync(http, db, id);
        if (await ApplyAsync(http, db, protection, hook!, data!) is { } invalid) return invalid;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(hook!) });
    }

    private static async Task<IResult> DeleteAsync(AmparoDbContext db, HttpContext http, string id)
    {
        var hook = await FindAsync(http, db, id);
        db.Remove(hook!);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["id"] = hook!.Id.ToString() } });
    }

    /// <summary>Checks every key sent and copies them onto <paramref name="hook"/>; the first bad one is the 422, and then nothing is copied.</summary>
    private static async Task<IResult?> ApplyAsync(HttpContext http, AmparoDbContext db, IDataProtectionProvider protection, WebhookEntity hook, JsonObject data)
    {
        string? url = null, secret = null, role = null;
        JsonArray? events = null;
        JsonObject? metadata = null;
        if (data.ContainsKey("url"))
        {
            url = JsonRead.Str(data, "url");
            if (url is not { Length: <= 2000 } || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                return ApiErrors.Invalid(http, "url", "errors.models.webhook.url");
            if (WebhookNetwork.NamesInternalAddress(uri) && !http.RequestServices.GetRequiredService<IConfiguration>().GetValue(WebhookNetwork.AllowPrivateSetting, false))
                return ApiErrors.Invalid(http, "url", "errors.models.webhook.url_internal");
        }
        if (data.ContainsKey("events"))
        {
            if (data["events"] is not JsonArray list || list.Count == 0 || list.Any(e => e is not JsonValue v || !v.TryGetValue<string>(out var s) || s.Length is 0 or > 100))
                return ApiErrors.Invalid(http, "events", "errors.models.webhook.events");
            events = list;
        }
        if (data.ContainsKey("secret"))
        {
            secret = JsonRead.Str(data, "secret");
            if (secret is not { Length: >= MinSecretLength and <= 1000 }) return ApiErrors.Invalid(http, "secret", "errors.models.webhook.secret");
        }
        if (data.ContainsKey("role_unique_id") && data["role_unique_id"] is not null)
        {
            role = JsonRead.Str(data, "role_unique_id");
            if (role is null || !await db.Roles.AnyAsync(r => r.UniqueId == role, http.RequestAborted))
                return ApiErrors.Invalid(http, "role_unique_id", "errors.models.webhook.role_unique_id");
        }
        if (data.ContainsKey("metadata") && data["metadata"] is not null)
        {
            if (data["metadata"] is not JsonObject m) return ApiErrors.Invalid(http, "metadata", "errors.models.webhook.metadata");
            metadata = m;
        }
        if (hook.Url.Length == 0 && events is null) events = [];
        if (url is not null) hook.Url = url;
        if (events is not null) hook.Events = events.ToJsonString();
        if (secret is not null) hook.ProtectedSecret = WebhookSecrets.Protector(protection).Protect(secret);
        if (data.ContainsKey("role_unique_id")) hook.RoleUniqueId = role;
        if (data.ContainsKey("metadata")) hook.Metadata = metadata?.ToJsonString() ?? "{}";
        return null;
    }
}
