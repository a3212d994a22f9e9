using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

/// <summary>
/// WebAuthn end to end in real Chromium, with the DevTools virtual authenticator standing in for a security key.
/// The page is opened on <c>localhost</c>: a relying party id cannot be an IP address.
/// </summary>
public sealed class SecurityKeyJourneyTests(PublishedServer server) : IClassFixture<PublishedServer>
{
    [Fact]
    public async Task User_AddsASecurityKey_ThenSignsInWithPasswordAndKey()
    {
        var origin = $"http://localhost:{server.BaseAddress.Port}/";
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var devtools = await context.NewCDPSessionAsync(page);
        await devtools.SendAsync("WebAuthn.enable");
        await devtools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "usb",
                ["hasResidentKey"] = false,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        await Journey.RunAsync(page, "e2e-security-key-failure.png", async () =>
        {
            await page.GotoAsync("login");
            await SignInWithPasswordAsync(page);
            await page.WaitForURLAsync("**/cases");

            await page.GotoAsync("profile");
            await page.FillAsync("#security-key-name", "Desk key");
            await page.ClickAsync("[data-testid=add-security-key]");
            var codes = page.Locator("[data-testid=key-recovery-codes]");
            await codes.WaitForAsync();
            Assert.Equal(10, (await codes.InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal("Desk key", await page.Locator("[data-testid=security-key-name]").InnerTextAsync());

            await page.ClickAsync("[data-testid=logout]");
            await page.WaitForURLAsync("**/login");
            await SignInWithPasswordAsync(page);
            // The password alone is not enough now: the page asks for the key, and the key signs the server's challenge.
            await page.ClickAsync("[data-testid=login-security-key]");
            await page.WaitForURLAsync("**/cases");
            Assert.Equal(200, (await page.APIRequest.GetAsync("/api/v2/cases")).Status);
        });
    }

    private static async Task SignInWithPasswordAsync(IPage page)
    {
        await page.FillAsync("#user_name", "admin");
        await page.FillAsync("#password", PublishedServer.AdminPassword);
        await page.ClickAsync("[data-testid=login-submit]");
    }
}
