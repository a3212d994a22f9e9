using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

/// <summary>Steps every journey takes the same way: signing in and out through the login page, and a picture on failure.</summary>
internal static class Journey
{
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("login");
        await page.FillAsync("#user_name", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync("**/cases");
    }

    public static async Task SignOutAsync(IPage page)
    {
        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/login");
    }

    /// <summary>Runs a journey, leaving a picture of the failing screen next to the test results, for whoever reads the CI log.</summary>
    public static async Task RunAsync(IPage page, string screenshot, Func<Task> journey)
    {
        try
        {
            await journey();
        }
        catch
        {
            var folder = Path.Combine(PublishedServer.RepositoryRoot(), "artifacts", "test-results");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, screenshot), FullPage = true });
            throw;
        }
    }
}
