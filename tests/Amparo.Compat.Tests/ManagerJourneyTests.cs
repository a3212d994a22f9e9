using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Amparo.Compat.Tests;

/// <summary>
/// The demo case manager (North team, with caseworker1 and caseworker2) in Primero's client. Each journey works on a case
/// of its own, made by caseworker1 through the API, so that no journey depends on what another changed.
/// </summary>
[Collection(PrimeroClient.Collection)]
public sealed class ManagerJourneyTests(PrimeroClient client)
{
    private const string Manager = "manager1";
    private const string Owner = "caseworker1";
    private const string Colleague = "caseworker2";

    [Fact]
    public async Task Manager_SeesTheDashboardsWithTheirCounts_AndOpensATeamCase()
    {
        var (_, shortId) = await client.CreateCaseAsync(Owner, "Compat", "Teamcase");
        await using var journey = await ClientJourney.StartAsync(client, "manager");
        var page = journey.Page;
        await journey.RunAsync(async () =>
        {
            await journey.SignInAsync(Manager, PrimeroClient.DemoPassword);
            // The home page is the dashboards page: the overview the role grants, counted.
            await journey.SeeAsync("Overview", exact: true);
            await journey.AnsweredAsync(r => r.Path == "/api/v2/dashboards" && r.Status == 200, "GET /api/v2/dashboards");

            // The list, once it has answered, with the team's newest case (not whatever row the page showed before).
            var before = journey.Requests.Count;
            await page.GetByRole(AriaRole.Link, new() { Name = "Cases" }).Filter(new() { Visible = true }).ClickAsync();
            await journey.AnsweredAsync(r => r.Method == "GET" && r.Path == "/api/v2//cases" && r.Status == 200, "the case list", before);
            await page.Locator("tbody tr").Filter(new() { HasText = shortId }).ClickAsync();
            await journey.SeeAsync($"Case ID: {shortId}");
            await journey.SeeAsync("Basic identity", exact: true);
            await journey.SeeValueAsync("Teamcase");

            await journey.SignOutAsync();
        });
    }

    [Fact]
    public async Task Manager_RefersATeamCaseToACaseworker_AndSeesTheReferral()
    {
        var (id, shortId) = await client.CreateCaseAsync(Owner, "Compat", "Referme");
        await using var journey = await ClientJourney.StartAsync(client, "manager-referral");
        var page = journey.Page;
        await journey.RunAsync(async () =>
        {
            await journey.SignInAsync(Manager, PrimeroClient.DemoPassword);
            await journey.GoAsync($"cases/{id}");
            await journey.SeeAsync($"Case ID: {shortId}");

            var dialog = await journey.RecordActionAsync("Refer Case");
            // The case has no consent to share recorded; the manager may override it (consent_override).
            await dialog.GetByLabel("Refer anyway?").CheckAsync();
            await journey.ChooseAsync(dialog, "transitioned_to", Colleague);
            await dialog.Locator("textarea#notes").FillAsync("Please follow up on schooling.");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Refer", Exact = true }).ClickAsync();
            await journey.SeeAsync($"{shortId} successfully referred");

            // The case's referrals, one unfolded: to whom, and the note.
            await journey.OpenRecordFormAsync("Record information", "Referrals");
            await page.GetByText("Referral", new() { Exact = true }).ClickAsync();
            await journey.SeeAsync("Please follow up on schooling.");
            await journey.SeeAsync(Colleague, exact: true);
            await journey.SignOutAsync();
        });

        using var api = client.Api(Manager, PrimeroClient.DemoPassword);
        var referral = JsonNode.Parse(await api.GetStringAsync($"api/v2/cases/{id}/referrals"))!["data"]![0]!;
        Assert.Equal(Colleague, referral["transitioned_to"]!.GetValue<string>());
        Assert.Equal(Manager, referral["transitioned_by"]!.GetValue<string>());
        Assert.True(referral["consent_overridden"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Manager_TransfersATeamCaseToACaseworker_AndSeesTheTransfer()
    {
        var (id, shortId) = await client.CreateCaseAsync(Owner, "Compat", "Transferme");
        await using var journey = await ClientJourney.StartAsync(client, "manager-transfer");
        var page = journey.Page;
        await journey.RunAsync(async () =>
        {
            await journey.SignInAsync(Manager, PrimeroClient.DemoPassword);
            await journey.GoAsync($"cases/{id}");
            await journey.SeeAsync($"Case ID: {shortId}");

            var dialog = await journey.RecordActionAsync("Transfer Case");
            await dialog.GetByLabel("Transfer anyway?").CheckAsync();
            await journey.ChooseAsync(dialog, "transitioned_to", Colleague);
            await dialog.Locator("textarea#notes").FillAsync("Moving to the school team.");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
            await journey.SeeAsync("Successfully transferred");

            await journey.OpenRecordFormAsync("Record information", "Transfers and assignments");
            await page.GetByText("Transfer", new() { Exact = true }).ClickAsync();
            await journey.SeeAsync("Moving to the school team.");
            await journey.SeeAsync(Colleague, exact: true);
            await journey.SignOutAsync();
        });

        using var api = client.Api(Manager, PrimeroClient.DemoPassword);
        var transfer = JsonNode.Parse(await api.GetStringAsync($"api/v2/cases/{id}/transfers"))!["data"]![0]!;
        Assert.Equal(Colleague, transfer["transitioned_to"]!.GetValue<string>());
        Assert.Equal("in_progress", transfer["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Caseworker_RequestsCasePlanApproval_AndTheManagerApprovesIt()
    {
        var (id, shortId) = await client.CreateCaseAsync(Owner, "Compat", "Approveme");
        await using (var caseworker = await ClientJourney.StartAsync(client, "caseworker-approval-request"))
        {
            await caseworker.RunAsync(async () =>
            {
                await caseworker.SignInAsync(Owner, PrimeroClient.DemoPassword);
                await caseworker.GoAsync($"cases/{id}");
                await caseworker.SeeAsync($"Case ID: {shortId}");
                var dialog = await caseworker.RecordActionAsync("Request Approval");
                await dialog.GetByRole(AriaRole.Combobox).ClickAsync();
                await caseworker.Page.GetByRole(AriaRole.Option, new() { Name = "Case Plan", Exact = true }).ClickAsync();
                await dialog.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();
                await caseworker.SeeAsync("Approval requested for Case Plan form.");
                await caseworker.SignOutAsync();
            });
        }

        await using (var manager = await ClientJourney.StartAsync(client, "manager-approval"))
        {
            await manager.RunAsync(async () =>
            {
                await manager.SignInAsync(Manager, PrimeroClient.DemoPassword);
                await manager.GoAsync($"cases/{id}");
                await manager.SeeAsync($"Case ID: {shortId}");
                var dialog = await manager.RecordActionAsync("Approvals");
                await dialog.GetByRole(AriaRole.Combobox).ClickAsync();
                await manager.Page.GetByRole(AriaRole.Option, new() { Name = "Case Plan", Exact = true }).ClickAsync();
                await dialog.Locator("textarea").First.FillAsync("Plan agreed.");
                await dialog.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
                await manager.SeeAsync("Case Plan - Approved");

                await manager.OpenRecordFormAsync("Record information", "Approvals");
                await manager.SeeAsync("Approved", exact: true);
                await manager.SignOutAsync();
            });
        }

        using var api = client.Api(Owner, PrimeroClient.DemoPassword);
        var record = JsonNode.Parse(await api.GetStringAsync($"api/v2/cases/{id}"))!["data"]!;
        Assert.Equal("approved", record["approval_subforms"]!.AsArray().Last()!["approval_status"]!.GetValue<string>());
        Assert.True(record["case_plan_approved"]!.GetValue<bool>());
    }
}
