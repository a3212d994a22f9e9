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
        app.MapGet("/api/v2/primero", Describe).AllowAnonymous().WithTags("Bootstrap").WithSummary("Public instance information.");
        return app;
    }

    private static IResult Describe(Notifications.WebPushSender push) => Results.Json(new JsonObject
    {
        ["data"] = new JsonObject
        {
            ["sandbox_ui"] = false,
            ["config_ui"] = "full",
            ["allow_self_registration"] = false,
            ["locales"] = new JsonArray([.. Platform.Api.I18nText.Locales.Select(l => (JsonNode?)l)]),
            ["webpush_enabled"] = push.Enabled,
            ["agencies"] = new JsonArray(),
            ["agencies_logo_options"] = new JsonArray(),
            ["registration_streams"] = new JsonArray(),
            ["registration_streams_link_labels"] = new JsonObject(),
            ["registration_streams_consent_text"] = new JsonObject(),
        },
    });
}
