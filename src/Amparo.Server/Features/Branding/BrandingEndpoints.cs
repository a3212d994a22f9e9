using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amparo.Server.Features.SystemSettings;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;

namespace Amparo.Server.Features.Branding;

/// <summary>
/// What Primero's Rails app serves beside its page, for Primero's own web client: <c>GET /theme</c>, the JavaScript
/// module the client imports while it starts (its default export's <c>colors</c> lie over the client's palette), and
/// <c>GET /manifest.json</c>, the web-app manifest. Both are public (the page loads them before anyone signs in) and
/// built from the tenant: its name, and the <c>theme</c> of its system settings (<c>{"colors":{"blue":"#..."}, ...}</c>,
/// Primero's theme keys) over Amparo's own colours.
/// </summary>
internal static partial class BrandingEndpoints
{
    /// <summary>Amparo's colours (those of its own web client) under the names Primero's palette gives its main colour.</summary>
    private static readonly (string Key, string Value)[] AmparoColors =
    [
        ("blue", "#00695c"), ("lightBlue", "#26a69a"), ("darkBlue", "#00796b"), ("blueHover", "#004d40"),
        ("blueHoverLight", "rgba(0, 105, 92, .18)"), ("lightBlueRgba", "rgba(0, 105, 92, 0.25)"), ("lightBlueMenu", "#e0f2f1"),
        ("manifestThemeColor", "#00695c"), ("manifestBackgroundColor", "#ffffff"),
    ];

    /// <summary>
    /// A colour, CSS variable or gradient, nothing else: the values end up in style sheets, so no quotes, semicolons,
    /// braces or <c>url(</c> (no colon or slash) can pass.
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z0-9#(),.%\s-]{1,200}$")]
    private static partial Regex CssValue();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,60}$")]
    private static partial Regex ColorKey();

    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapBrandingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/theme", ReadMethods, ThemeAsync).AllowAnonymous().WithTags("Branding")
            .WithSummary("Primero's client theme: a JavaScript module whose default export holds the tenant's colours.");
        app.MapMethods("/manifest.json", ReadMethods, ManifestAsync).AllowAnonymous().WithTags("Branding")
            .WithSummary("The web-app manifest of Primero's client, with the tenant's name.");
        return app;
    }

    private sealed record Brand(string Name, JsonObject Colors);

    private static async Task<Brand> BrandAsync(HttpContext http, AmparoDbContext db, TenantRegistry tenants, TenantContext tenant)
    {
        var colors = new JsonObject([.. AmparoColors.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]);
        var name = tenants.Find(tenant.TenantId)?.Name;
        if ((await TenantSettings.StoredAsync(db, http.RequestAborted))["theme"] is JsonObject theme)
        {
            if (theme["colors"] is JsonObject configured)
                foreach (var (key, value) in configured)
                    if (ColorKey().IsMatch(key) && value is JsonValue v && v.TryGetValue<string>(out var css) && CssValue().IsMatch(css))
                        colors[key] = css;
            if (theme["site_title"] is JsonValue title && title.TryGetValue<string>(out var siteTitle) && siteTitle.Trim() is { Length: > 0 } trimmed)
                name = trimmed;
        }
        return new Brand(string.IsNullOrWhiteSpace(name) ? "Amparo" : name, colors);
    }

    private static async Task<IResult> ThemeAsync(HttpContext http, AmparoDbContext db, TenantRegistry tenants, TenantContext tenant)
    {
        var brand = await BrandAsync(http, db, tenants, tenant);
        // JSON is a JavaScript expression; the default encoder escapes <, >, &, quotes and everything outside ASCII.
        var json = new JsonObject { ["colors"] = brand.Colors, ["site_title"] = brand.Name }.ToJsonString();
        return Revalidated(http, $"export default {json};\n", "text/javascript; charset=utf-8");
    }

    private static async Task<IResult> ManifestAsync(HttpContext http, AmparoDbContext db, TenantRegistry tenants, TenantContext tenant)
    {
        var brand = await BrandAsync(http, db, tenants, tenant);
        var manifest = new JsonObject
        {
            ["name"] = brand.Name,
            ["short_name"] = brand.Name,
            // Primero's client lives under /v2 (the page that links this manifest is its).
            ["start_url"] = "/v2",
            ["scope"] = "/",
            ["display"] = "standalone",
            ["theme_color"] = brand.Colors["manifestThemeColor"]?.DeepClone(),
            ["background_color"] = brand.Colors["manifestBackgroundColor"]?.DeepClone(),
            ["icons"] = new JsonArray(
                new JsonObject { ["src"] = "/icon-192.png", ["type"] = "image/png", ["sizes"] = "192x192" },
                new JsonObject { ["src"] = "/icon-512.png", ["type"] = "image/png", ["sizes"] = "512x512" }),
        };
        return Revalidated(http, manifest.ToJsonString(), "application/manifest+json; charset=utf-8");
    }

    /// <summary>
    /// Cached by browsers and the client's service worker, but checked on each use (a settings change shows at the next
    /// start): an ETag of the content, and 304 when it has not changed.
    /// </summary>
    private static IResult Revalidated(HttpContext http, string body, string contentType)
    {
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32]}\"";
        http.Response.Headers.CacheControl = "public, no-cache";
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Text(body, contentType, Encoding.UTF8);
    }
}
