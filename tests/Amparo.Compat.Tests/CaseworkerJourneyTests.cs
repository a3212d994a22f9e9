using Microsoft.Playwright;

namespace Amparo.Compat.Tests;

/// <summary>A caseworker of the demo agency works their cases in Primero's client.</summary>
[Collection(PrimeroClient.Collection)]
public sealed class CaseworkerJourneyTests(PrimeroClient client)
{
    private const string User = "caseworker1";

    [Fact]
    public async Task Caseworker_SeesTheCaseList_SearchesByName_WalksACasesForms_AddsANoteAndSaves_FlagsIt_AndCreatesACase()
    {
        // A case of its own, so that what other journeys do to theirs does not show here.
        var (first, last) = ("Compat", "Searchable" + Guid.NewGuid().ToString("N")[..6]);
        var (_, shortId) = await client.CreateCaseAsync(User, first, last);

        await using var journey = await ClientJourney.StartAsync(client, "caseworker");
        var page = journey.Page;
        await journey.RunAsync(async () =>
        {
            await journey.SignInAsync(User, PrimeroClient.DemoPassword);
            Assert.Contains(journey.Requests, r => r.Path == "/theme" && r.Status is 200 or 304);

            // The case list: the module's columns and filters.
            var before = journey.Requests.Count;
            await page.GetByRole(AriaRole.Link, new() { Name = "Cases" }).Filter(new() { Visible = true }).ClickAsync();
            await journey.AnsweredAsync(r => r.Method == "GET" && r.Path == "/api/v2//cases" && r.Status == 200, "the case list", before);
            await page.Locator("tbody tr").First.WaitForAsync();
            foreach (var column in new[] { "ID#", "Name", "Age", "Sex", "Registration Date" })
                await journey.SeeAsync(column, exact: true);
            foreach (var filter in new[] { "Risk Level", "Status", "Enabled / Disabled" })
                await journey.SeeAsync(filter, exact: true);

            // Search by name.
            await page.GetByRole(AriaRole.Button, new() { Name = "Name Fields" }).ClickAsync();
            await page.GetByPlaceholder("Search").FillAsync($"{first} {last}");
            before = journey.Requests.Count;
            await page.GetByPlaceholder("Search").PressAsync("Enter");
            // The case may be on the list's first page already: wait for the search's answer before choosing it.
            await journey.AnsweredAsync(r => r.Method == "GET" && r.Path == "/api/v2//cases" && r.Url.Contains("query=", StringComparison.Ordinal) && r.Status == 200,
                "the search by name", before);
            await page.Locator("tbody tr").Filter(new() { HasText = shortId }).WaitForAsync();
            await journey.SeeAsync(shortId, exact: true);

            // One case, its forms one by one.
            await page.GetByText(shortId, new() { Exact = true }).ClickAsync();
            await journey.SeeAsync($"Case ID: {shortId}");
            // A case opens on its first tab (basic identity), then its forms are walked.
            await journey.SeeAsync("Basic identity", exact: true);
            await journey.SeeValueAsync(last);
            foreach (var form in new[] { "Registration and consent", "Family and care", "Case plan", "Case closure", "Notes" })
            {
                await page.GetByText(form, new() { Exact = true }).First.ClickAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await journey.CheckScreenAsync();
            }

            // Edit: a note added in the notes subform, and the case saved.
            await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
            var note = page.Locator("[role=dialog]").Last;
            await note.Locator("input[name$=note_subject]").FillAsync("Home visit");
            await note.Locator("textarea[name$=note_text]").First.FillAsync("Talked with the aunt.");
            await note.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await journey.SeeAsync($"Case {shortId} was successfully updated");
            var saved = await journey.AnsweredAsync(r => r.Method == "PATCH" && r.Path.StartsWith("/api/v2/cases/", StringComparison.Ordinal) && r.Status == 200, "the case's PATCH");

            // The change log (Record information) shows the note just added, from the case's record history.
            before = journey.Requests.Count;
            await journey.OpenRecordFormAsync("Record information", "Change log");
            await journey.AnsweredAsync(r => r.Path == saved.Path + "/record_history" && r.Status == 200, "the case's record history", before);
            await journey.SeeAsync("Updated “Notes” subform");
            await journey.SeeAsync("Created record", exact: true);
            // The record owner: the caseworker, who created it.
            await journey.OpenRecordFormAsync("Record information", "Record owner");
            await journey.SeeAsync("Caseworker Code", exact: true);
            await journey.SeeAsync("Record created by", exact: true);

            // Flag it.
            await page.GetByRole(AriaRole.Button, new() { Name = "Flags" }).ClickAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Add new flag" }).ClickAsync();
            var flag = page.Locator("[role=dialog]").Last;
            await flag.Locator("textarea[name=message]").FillAsync("Check the new address");
            await flag.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await journey.SeeAsync("Check the new address");
            await page.Keyboard.PressAsync("Escape");

            // A new case.
            await page.GetByRole(AriaRole.Link, new() { Name = "Cases" }).Filter(new() { Visible = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New" }).ClickAsync();
            // The client first offers a search against duplicates.
            await page.GetByRole(AriaRole.Button, new() { Name = "Skip and Create New Case" }).ClickAsync();
            await page.Locator("input[name=name_first]").FillAsync("Compat");
            await page.Locator("input[name=name_last]").FillAsync("Newcase");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await journey.AnsweredAsync(r => r.Method == "POST" && r.Path == "/api/v2/cases" && r.Status == 200, "the new case's POST");
            // The client shows the case it created.
            await journey.SeeAsync("Case ID:");
            await journey.SeeValueAsync("Newcase");

            await journey.SignOutAsync();
        });
    }
}
