using System.Text.Json.Nodes;

namespace Amparo.Server.Features.Bootstrap;

/// <summary>
/// <c>GET /api/v2/primero</c>: the public facts a client needs before login. (Primero's own client asks for
/// <c>/api/v2//primero</c>; the pipeline folds repeated slashes, see <c>PlatformSetup</c>.)
/// </summary>
internal static class BootstrapEndpoints
{
    public static IEndpointRouteBuilder MapBootstrapEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/primero", DescribeAsync).AllowAnonymous().WithTags("Bootstrap").WithSummary("Public instance information.");
        return app;
    }

    private static async Task<IResult> DescribeAsync(HttpContext http, Platform.Data.AmparoDbContext db, Notifications.WebPushSender push)
    {
        // Self-registration is the tenant's choice; the streams it offers are public, as the sign-up page lists them.
        var registration = await SelfRegistration.SelfRegistrationSettings.ReadAsync(db, http.RequestAborted);
        var streams = registration.Allowed ? registration.Streams : [];
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["sandbox_ui"] = false,
                ["config_ui"] = "full",
                ["allow_self_registration"] = registration.Allowed,
                ["locales"] = new JsonArray([.. Platform.Api.I18nText.Locales.Select(l => (JsonNode?)l)]),
                ["webpush_enabled"] = push.Enabled,
                ["agencies"] = new JsonArray(),
                ["agencies_logo_options"] = new JsonArray(),
                ["registration_streams"] = new JsonArray([.. streams.Select(s => (JsonNode?)new JsonObject { ["id"] = s.Id })]),
                ["registration_streams_link_labels"] = new JsonObject([.. streams.Where(s => s.LinkLabel is not null).Select(s => KeyValuePair.Create(s.Id, (JsonNode?)s.LinkLabel!.DeepClone()))]),
                ["registration_streams_consent_text"] = new JsonObject([.. streams.Where(s => s.ConsentText is not null).Select(s => KeyValuePair.Create(s.Id, (JsonNode?)s.ConsentText!.DeepClone()))]),
            },
        });
    }
}
