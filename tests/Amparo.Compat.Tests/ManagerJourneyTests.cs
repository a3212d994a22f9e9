using Microsoft.Playwright;

namespace Amparo.Compat.Tests;

/// <summary>The demo case manager (North team) in Primero's client.</summary>
[Collection(PrimeroClient.Collection)]
public sealed class ManagerJourneyTests(PrimeroClient client)
{
    [Fact]
    public async Task Manager_SeesTheDashboardsWithTheirCounts_AndOpensATeamCase()
    {
        await using var journey = await ClientJourney.StartAsync(client, "manager");
        var page = journey.Page;
        await journey.RunAsync(async () =>
        {
            await journey.SignInAsync("manager1", PrimeroClient.DemoPassword);
            // The home page is the dashboards page: the overview the role grants, counted.
            await journey.SeeAsync("Overview", exact: true);
            await journey.AnsweredAsync(r => r.Path == "/api/v2/dashboards" && r.Status == 200, "GET /api/v2/dashboards");

            await page.GetByRole(AriaRole.Link, new() { Name = "Cases" }).Filter(new() { Visible = true }).ClickAsync();
            await page.Locator("tbody tr").First.ClickAsync();
            await journey.SeeAsync("Case ID:");
            await journey.SeeAsync("Basic identity", exact: true);

            await journey.SignOutAsync();
        });
    }
}
