using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

/// <summary>
/// WebAuthn end to end in real Chromium, with the DevTools virtual authenticator standing in for a security key.
/// The page is opened on <c>localhost</c>: a relying party id cannot be an IP address.
/// </summary>
[Collection(PublishedServer.Collection)]
public sealed class SecurityKeyJourneyTests(PublishedServer server)
{
    [Fact]
    public async Task User_AddsASecurityKey_ThenSignsInWithPasswordAndKey()
    {
        // A user of its own: a key on the admin would stop the other journeys signing in as admin with a password.
        var userName = "e2e_key_" + Guid.NewGuid().ToString("N")[..6];
        const string password = "key-user-password-2026";
        using (var admin = new HttpClient { BaseAddress = server.BaseAddress })
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{PublishedServer.AdminPassword}")));
            var created = await admin.PostAsJsonAsync("api/v2/users", new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["user_name"] = userName, ["full_name"] = "Key Holder", ["password"] = password, ["password_confirmation"] = password,
                    ["role_unique_id"] = "role-cp-case-worker",
                },
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

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
            await SignInWithPasswordAsync(page, userName, password);
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
            await SignInWithPasswordAsync(page, userName, password);
            // The password alone is not enough now: the page asks for the key, and the key signs the server's challenge.
            await page.ClickAsync("[data-testid=login-security-key]");
            await page.WaitForURLAsync("**/cases");
            Assert.Equal(200, (await page.APIRequest.GetAsync("/api/v2/cases")).Status);
        });
    }

    private static async Task SignInWithPasswordAsync(IPage page, string userName, string password)
    {
        await page.FillAsync("#user_name", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }
}
