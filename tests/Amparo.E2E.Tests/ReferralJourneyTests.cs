using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

/// <summary>
/// Issue 6's journey: a caseworker refers a case (with consent) to a service provider of another agency under an
/// authorised role, and asks for approval of the case plan; the provider finds the referral among the answers waiting
/// for them, sees only the authorised role's forms, accepts and completes it; a supervisor of the caseworker's group
/// approves the case plan.
/// </summary>
[Collection(PublishedServer.Collection)]
public sealed class ReferralJourneyTests(PublishedServer server)
{
    private const float Timeout = 60_000;

    private HttpClient Client(string user, string password)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, JsonObject data)
    {
        var response = await client.PostAsJsonAsync(path, new JsonObject { ["data"] = data });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["data"]!;
    }

    [Fact]
    public async Task CaseworkerRefersToAProviderOfAnotherAgency_ProviderSeesOnlyTheAuthorisedFormsAcceptsAndCompletes_SupervisorApprovesTheCasePlan()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var admin = Client("admin", PublishedServer.AdminPassword);
        var ngo = await PostAsync(admin, "api/v2/agencies", new JsonObject { ["name"] = new JsonObject { ["en"] = "Child NGO " + suffix }, ["agency_code"] = "ngo" + suffix });
        var clinic = await PostAsync(admin, "api/v2/agencies", new JsonObject { ["name"] = new JsonObject { ["en"] = "Clinic " + suffix }, ["agency_code"] = "cli" + suffix });
        var group = await PostAsync(admin, "api/v2/user_groups", new JsonObject { ["name"] = "Team " + suffix });
        var forms = JsonNode.Parse(await admin.GetStringAsync("api/v2/forms?record_type=case&module_id=primeromodule-cp"))!["data"]!.AsArray()
            .Where(f => f!["is_nested"]?.GetValue<bool>() != true).Select(f => f!["unique_id"]!.GetValue<string>()).ToList();
        JsonObject Forms(string access) => new([.. forms.Select(f => KeyValuePair.Create(f, (JsonNode?)access))]);
        JsonObject Role(string name, string scope, JsonArray actions, JsonObject formAccess, bool authorised = false) => new()
        {
            ["name"] = name + " " + suffix, ["group_permission"] = scope, ["module_unique_ids"] = new JsonArray("primeromodule-cp"),
            ["permissions"] = new JsonObject { ["case"] = actions }, ["form_section_read_write"] = formAccess, ["referral_authorization"] = authorised,
        };
        var caseworkerRole = await PostAsync(admin, "api/v2/roles", Role("Caseworker", "self", ["read", "create", "write", "referral", "request_approval_case_plan"], Forms("rw")));
        var providerRole = await PostAsync(admin, "api/v2/roles", Role("Provider", "self", ["read", "receive_referral"], Forms("r")));
        var supervisorRole = await PostAsync(admin, "api/v2/roles", Role("Supervisor", "group", ["read", "approve_case_plan"], Forms("r")));
        // What a referred provider may see of a case: who the child is, and the services to give.
        var authorisedRole = await PostAsync(admin, "api/v2/roles", Role("Referred provider", "self", ["read"],
            new JsonObject { ["basic_identity"] = "r", ["services"] = "rw" }, authorised: true));

        var password = "journey-pass-" + suffix;
        var (caseworker, provider, supervisor) = ("cw" + suffix, "prov" + suffix, "sup" + suffix);
        foreach (var (user, role, agency) in new[] { (caseworker, caseworkerRole, ngo), (provider, providerRole, clinic), (supervisor, supervisorRole, ngo) })
            await PostAsync(admin, "api/v2/users", new JsonObject
            {
                ["user_name"] = user, ["full_name"] = "Journey " + user, ["password"] = password, ["password_confirmation"] = password,
                ["role_unique_id"] = role["unique_id"]!.GetValue<string>(), ["agency_id"] = agency["id"]!.GetValue<int>(),
                ["user_group_unique_ids"] = user == provider ? new JsonArray() : new JsonArray(group["unique_id"]!.GetValue<string>()),
            });
        // The caseworker's case, with the child's consent to services and to sharing with other organisations recorded.
        using var caseworkerApi = Client(caseworker, password);
        var created = await PostAsync(caseworkerApi, "api/v2/cases", new JsonObject
        {
            ["module_id"] = "primeromodule-cp", ["name_first"] = "Referral" + suffix, ["name_last"] = "Journey",
            ["consent_for_services"] = true, ["disclosure_other_orgs"] = true,
        });
        var caseUrl = "cases/" + created["id"]!.GetValue<string>();

        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await Journey.RunAsync(page, "e2e-referral-failure.png", async () =>
        {
            // The caseworker refers the case to the provider under the authorised role, and asks for the case plan's approval.
            await Journey.SignInAsync(page, caseworker, password);
            await page.GotoAsync(caseUrl);
            await page.ClickAsync("[data-testid=action-referral]");
            await page.FillAsync("#transition-search", provider);
            await page.ClickAsync($"[data-testid=recipient-{provider}]");
            await page.ClickAsync("[data-testid=referral-role]");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Referred provider " + suffix }).ClickAsync();
            await page.FillAsync("#transition-notes", "Medical check " + suffix);
            await page.ClickAsync("[data-testid=transition-send]");
            await page.Locator("[data-testid=transition-dialog-referral]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await page.GetByRole(AriaRole.Tab, new() { Name = "Transitions" }).ClickAsync();
            await page.Locator("[data-testid=transition]", new() { HasText = "Waiting for an answer" }).WaitForAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Approvals" }).ClickAsync();
            await page.ClickAsync("[data-testid=request-approval-case_plan]");
            await page.Locator("[data-testid=approval-status-case_plan]", new() { HasText = "Pending" }).WaitForAsync();
            await Journey.SignOutAsync(page);

            // The provider finds the referral waiting for them, opens the case and sees only the authorised forms.
            await Journey.SignInAsync(page, provider, password);
            await page.ClickAsync("[data-testid=nav-incoming]");
            var waiting = page.Locator("[data-testid=incoming-item]", new() { HasText = caseworker });
            await waiting.WaitForAsync();
            await waiting.Locator("[data-testid=incoming-open]").ClickAsync();
            await page.Locator("[data-testid=nav-form-basic_identity]").WaitForAsync();
            Assert.Equal(["nav-form-basic_identity", "nav-form-services"],
                (await page.Locator("[data-testid^=nav-form-]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.testid)")).Order(StringComparer.Ordinal));
            await page.GetByRole(AriaRole.Tab, new() { Name = "Transitions" }).ClickAsync();
            await page.Locator("[data-testid^=accept-]").ClickAsync();
            await page.Locator("[data-testid=transition-status]", new() { HasText = "Accepted" }).WaitForAsync();
            await page.Locator("[data-testid^=done-]").ClickAsync();
            // Completing the referral ends the provider's access: they are back on their list, or still see it as done.
            await page.Locator("[data-testid=list-total], [data-testid=transition-status]:has-text('Done')").First.WaitForAsync();
            await Journey.SignOutAsync(page);

            // The caseworker's supervisor approves the case plan.
            await Journey.SignInAsync(page, supervisor, password);
            await page.GotoAsync(caseUrl);
            await page.GetByRole(AriaRole.Tab, new() { Name = "Approvals" }).ClickAsync();
            await page.FillAsync("#approval-comments-case_plan", "Good plan " + suffix);
            await page.ClickAsync("[data-testid=approve-case_plan]");
            await page.Locator("[data-testid=approval-status-case_plan]", new() { HasText = "Approved" }).WaitForAsync();
            await page.Locator("[data-testid=approval-history]", new() { HasText = "Good plan " + suffix }).WaitForAsync();

            // The referral shows as done to the caseworker.
            var transitions = JsonNode.Parse(await caseworkerApi.GetStringAsync(caseUrl.Replace("cases/", "api/v2/cases/", StringComparison.Ordinal) + "/transitions"))!["data"]!.AsArray();
            Assert.Contains(transitions, t => t!["type"]!.GetValue<string>() == "Referral" && t["status"]!.GetValue<string>() == "done");
        });
    }
}
