using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.SystemSettings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary><c>/theme</c> and <c>/manifest.json</c>: what Primero's page loads from the server before anyone signs in.</summary>
public abstract class BrandingTests(AmparoServer server) : ServerTests(server)
{
    private static JsonObject ThemeOf(string module)
    {
        const string prefix = "export default ";
        Assert.StartsWith(prefix, module, StringComparison.Ordinal);
        return JsonNode.Parse(module[prefix.Length..].TrimEnd().TrimEnd(';'))!.AsObject();
    }

    private async Task SetThemeAsync(JsonObject? theme)
    {
        using var scope = server.Services.CreateScope();
        var tenant = scope.ServiceProvider.GetRequiredService<Platform.Tenancy.TenantContext>();
        tenant.Set(scope.ServiceProvider.GetRequiredService<Platform.Tenancy.TenantRegistry>().Default.Id);
        var db = scope.ServiceProvider.GetRequiredService<Platform.Data.AmparoDbContext>();
        var stored = await db.Set<StoredSystemSettings>().FirstOrDefaultAsync();
        if (stored is null) db.Add(stored = new StoredSystemSettings());
        var settings = JsonNode.Parse(stored.Settings)!.AsObject();
        settings["theme"] = theme;
        stored.Settings = settings.ToJsonString();
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Theme_Anonymous_IsAJavaScriptModuleOfTheTenantsColours_RevalidatedByETag()
    {
        await SetThemeAsync(null);
        var browser = server.Browser();
        var response = await browser.GetAsync("/theme?__WB_REVISION__=abc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("no-cache", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var theme = ThemeOf(await response.Content.ReadAsStringAsync());
        Assert.Equal("#00695c", theme["colors"]!["blue"].Str());
        Assert.Equal("Amparo", theme["site_title"].Str());

        var again = new HttpRequestMessage(HttpMethod.Get, "/theme");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await browser.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Theme_TakesTheConfiguredColours_AndDropsValuesThatCouldEscapeAStyleSheet()
    {
        await SetThemeAsync(new JsonObject
        {
            ["site_title"] = "Child Helpline",
            ["colors"] = new JsonObject
            {
                ["blue"] = "#123456",
                ["toolbarBackgroundColor"] = "linear-gradient(to top, var(--c-white), #eee)",
                ["red"] = "red; } body { background: url(https://evil.example/x)",
                ["green"] = "</script><script>alert(1)</script>",
                ["bad key"] = "#000",
            },
        });
        try
        {
            var module = await (await server.Browser().GetAsync("/theme")).Content.ReadAsStringAsync();
            Assert.DoesNotContain("<", module, StringComparison.Ordinal);
            var colors = ThemeOf(module)["colors"]!;
            Assert.Equal("#123456", colors["blue"].Str());
            Assert.Equal("linear-gradient(to top, var(--c-white), #eee)", colors["toolbarBackgroundColor"].Str());
            Assert.Null(colors["red"]);
            Assert.Null(colors["green"]);
            Assert.Null(colors["bad key"]);
            Assert.Equal("#00796b", colors["darkBlue"].Str()); // not configured: Amparo's

            var manifest = await (await server.Browser().GetAsync("/manifest.json")).OkBodyAsync();
            Assert.Equal("Child Helpline", manifest["name"].Str());
            var settings = (await (await server.AsAdmin().GetAsync("/api/v2/system_settings")).OkBodyAsync())["data"]!;
            Assert.Null(settings["theme"]); // served as /theme, not among the settings
        }
        finally
        {
            await SetThemeAsync(null);
        }
    }

    [Fact]
    public async Task Manifest_Anonymous_NamesTheTenant_WithIconsTheServerServes()
    {
        var browser = server.Browser();
        var response = await browser.GetAsync("/manifest.json?__WB_REVISION__=abc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Amparo", manifest["short_name"].Str());
        Assert.Equal("/v2", manifest["start_url"].Str());
        Assert.Equal("standalone", manifest["display"].Str());
        var icons = manifest["icons"]!.AsArray();
        Assert.Contains(icons, i => i!["sizes"].Str() == "512x512");
        foreach (var icon in icons)
        {
            var image = await browser.GetAsync(icon!["src"].Str());
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        }
    }
}

public sealed class BrandingTests_Sqlite(SqliteServer server) : BrandingTests(server), IClassFixture<SqliteServer>;

public sealed class BrandingTests_Postgres(PostgresServer server) : BrandingTests(server), IClassFixture<PostgresServer>;
