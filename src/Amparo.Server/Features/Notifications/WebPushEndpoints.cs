using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Notifications;

/// <summary>
/// Primero's web push endpoints: <c>GET /webpush/config</c> (the VAPID public key, when push is on) and the caller's
/// own subscriptions — list, create-or-refresh by <c>notification_url</c>, and <c>PATCH .../current</c> to ping or
/// disable one. With push off the subscription endpoints are 404, as in Primero. Nobody sees or touches another
/// user's subscriptions, and the keys are never returned.
/// </summary>
internal static class WebPushEndpoints
{
    private const int MaxKeyLength = 200;

    public static IEndpointRouteBuilder MapWebPushEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/webpush").WithTags("Web push")
            .PermissionDecidedByHandler("the caller's own push subscriptions only; the public key is public");
        group.MapGet("/config", (WebPushSender push) => Results.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["enabled"] = push.Enabled,
                ["pause_after"] = push.Enabled ? push.Options.PauseAfter : null,
                ["vapid_public"] = push.Enabled ? push.Options.PublicKey : null,
            },
        })).WithSummary("Whether web push is on, and the VAPID public key browsers subscribe with.");
        group.MapGet("/subscriptions", ListAsync).WithSummary("The caller's enabled subscriptions, or those with the given notification_url.");
        group.MapPost("/subscriptions", SubscribeAsync).WithSummary("Create, or refresh and re-enable, the caller's subscription for data.notification_url.");
        group.MapPatch("/subscriptions/current", CurrentAsync).WithSummary("Touch (or, with disabled: true, disable) the caller's enabled subscription for data.notification_url.");
        return api;
    }

    private static JsonObject ToJson(WebPushSubscription s) => new()
    {
        ["id"] = s.Id,
        ["user_id"] = s.UserId,
        ["disabled"] = s.Disabled,
        ["notification_url"] = s.NotificationUrl,
        ["created_at"] = ApiTime.Format(s.CreatedAt),
        ["updated_at"] = ApiTime.Format(s.UpdatedAt),
    };

    private static IResult Disabled(HttpContext http) => ApiErrors.NotFound(http, "Web push notifications are not enabled on this server.");

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, WebPushSender push, string? notification_url)
    {
        if (!push.Enabled) return Disabled(http);
        var userId = CurrentUser.From(http).Id;
        var query = db.Set<WebPushSubscription>().AsNoTracking().Where(s => s.UserId == userId);
        query = notification_url is null ? query.Where(s => !s.Disabled) : query.Where(s => s.NotificationUrl == notification_url);
        var rows = await query.OrderBy(s => s.Id).ToListAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. rows.Select(s => (JsonNode?)ToJson(s))]) });
    }

    private static async Task<IResult> SubscribeAsync(HttpContext http, AmparoDbContext db, WebPushSender push, TimeProvider clock)
    {
        if (!push.Enabled) return Disabled(http);
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var url = JsonRead.Str(data!, "notification_url");
        var auth = JsonRead.Str(data!, "auth");
        var p256dh = JsonRead.Str(data!, "p256dh");
        foreach (var (key, value) in new[] { ("notification_url", url), ("auth", auth), ("p256dh", p256dh) })
            if (string.IsNullOrWhiteSpace(value)) return ApiErrors.Unprocessable(http, $"param is missing or the value is empty: {key}", key);
        if (!IsPushEndpoint(url!, push.Options)) return ApiErrors.Invalid(http, "notification_url", "errors.models.webpush_subscription.notification_url");
        if (auth!.Length > MaxKeyLength || !IsBase64Url(auth)) return ApiErrors.Invalid(http, "auth", "errors.models.webpush_subscription.auth");
        if (p256dh!.Length > MaxKeyLength || !IsBase64Url(p256dh)) return ApiErrors.Invalid(http, "p256dh", "errors.models.webpush_subscription.p256dh");

        var userId = CurrentUser.From(http).Id;
        var now = clock.GetUtcNow();
        var subscription = await db.Set<WebPushSubscription>().FirstOrDefaultAsync(s => s.UserId == userId && s.NotificationUrl == url, http.RequestAborted);
        if (subscription is null)
        {
            subscription = new WebPushSubscription { UserId = userId, NotificationUrl = url!, Auth = "", P256dh = "", CreatedAt = now };
            db.Add(subscription);
        }
        subscription.Auth = push.Protect(auth);
        subscription.P256dh = push.Protect(p256dh);
        subscription.Disabled = false;
        subscription.FailedAttempts = 0;
        subscription.UpdatedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(subscription) });
    }

    private static async Task<IResult> CurrentAsync(HttpContext http, AmparoDbContext db, WebPushSender push, TimeProvider clock)
    {
        if (!push.Enabled) return Disabled(http);
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var url = JsonRead.Str(data!, "notification_url");
        if (string.IsNullOrWhiteSpace(url)) return ApiErrors.Unprocessable(http, "param is missing or the value is empty: notification_url", "notification_url");
        bool? disable = null;
        if (data!.ContainsKey("disabled") && (disable = JsonRead.Bool(data, "disabled")) is null)
            return ApiErrors.Invalid(http, "disabled", "errors.models.webpush_subscription.disabled");
        var userId = CurrentUser.From(http).Id;
        var subscription = await db.Set<WebPushSubscription>().FirstOrDefaultAsync(s => s.UserId == userId && s.NotificationUrl == url && !s.Disabled, http.RequestAborted);
        if (subscription is null) return ApiErrors.NotFound(http, "Couldn't find WebpushSubscription with that notification_url");
        if (disable == true) subscription.Disabled = true;
        subscription.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(subscription) });
    }

    /// <summary>An absolute https URL (http only where configured, for a local test push service), of bounded length.</summary>
    private static bool IsPushEndpoint(string url, WebPushOptions options) =>
        url.Length <= 2000 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (options.AllowHttpEndpoints && uri.Scheme == Uri.UriSchemeHttp));

    private static bool IsBase64Url(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' or '+' or '/');
}
