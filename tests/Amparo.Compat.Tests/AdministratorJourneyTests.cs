using Amparo.E2E.Tests;
using Microsoft.Playwright;

namespace Amparo.Compat.Tests;

/// <summary>The system administrator goes through Primero's settings screens.</summary>
[Collection(PrimeroClient.Collection)]
public sealed class AdministratorJourneyTests(PrimeroClient client)
{
    [Fact]
    public async Task Administrator_OpensEverySettingsScreen_ImportsLocations_AndSignsOut()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"compat-locations-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Country,Country code,Region,Region code\n#country+name,#country+code,#adm1+name,#adm1+code\nCompatland,CL,North Compat,CL01\nCompatland,CL,South Compat,CL02\n");

        await using var journey = await ClientJourney.StartAsync(client, "administrator");
        var page = journey.Page;
        await journey.RunAsync(async () =>
        {
            await journey.SignInAsync("admin", PublishedServer.AdminPassword, acceptsCodeOfConduct: true);
            await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).Filter(new() { Visible = true }).ClickAsync();

            // Users, and one user.
            await journey.SeeAsync("caseworker1", exact: true);
            await page.GetByText("manager1", new() { Exact = true }).ClickAsync();
            await journey.SeeAsync("Demo Case Manager");

            // Roles, and one role.
            await Menu("Roles");
            await journey.SeeAsync("Case worker", exact: true);
            await page.GetByText("Case manager", new() { Exact = true }).ClickAsync();
            await journey.SeeAsync("Role Case manager");

            await Menu("User Groups");
            await journey.SeeAsync("North team", exact: true);
            await Menu("Agencies");
            await journey.SeeAsync("Demo Child Protection Agency", exact: true);

            // Forms, and the form builder on one of them.
            await Menu("Forms");
            await page.GetByText("Forms", new() { Exact = true }).Nth(1).ClickAsync();
            await page.GetByText("Identification and registration", new() { Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Basic identity", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/admin/forms/*/edit");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Fields" }).ClickAsync();
            await journey.SeeAsync("Date of birth");
            await Menu("Lookups");
            await journey.SeeAsync("Risk level");

            // Locations, after an HXL import through the client's own dialog.
            await Menu("Locations");
            await page.Locator("header button").Last.ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "Import" }).ClickAsync();
            var dialog = page.Locator("[aria-labelledby=action-dialog-title]");
            await dialog.Locator("input[type=file]").SetInputFilesAsync(csv);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
            await journey.SeeAsync("Locations were successfully imported");
            await journey.SeeAsync("South Compat", exact: true);

            await Menu("Contact Information");
            await journey.SeeAsync("Support Forum");
            await Menu("Code of Conduct");
            await journey.SeeValueAsync(PrimeroClient.CodeOfConductTitle);
            await Menu("Audit Logs");
            await journey.SeeAsync("Performed By");
            await journey.SeeAsync("Import Location"); // the import above, in Primero's words

            await journey.SignOutAsync();
        });
        File.Delete(csv);

        async Task Menu(string name)
        {
            await page.GetByText(name, new() { Exact = true }).First.ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await journey.CheckScreenAsync();
        }
    }
}
