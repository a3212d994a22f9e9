using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

/// <summary>
/// An administrator adds a field with a display condition in the form builder; a caseworker then sees it appear only
/// while the condition holds, and the server keeps the answer.
/// </summary>
[Collection(PublishedServer.Collection)]
public sealed class FormBuilderJourneyTests(PublishedServer server)
{
    private const float Timeout = 60_000;

    private HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{PublishedServer.AdminPassword}")));
        return client;
    }

    [Fact]
    public async Task AdminAddsAConditionalField_CaseworkerSeesItOnlyWhenTheConditionHolds()
    {
        // A caseworker with the default case worker role (read and write on every default form).
        using var admin = Admin();
        // Names of its own: the other journeys run on the same server.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var caseworker = "e2e_caseworker_" + suffix;
        var firstName = "Maha" + suffix;
        const string password = "caseworker-pass-2026";
        var created = await admin.PostAsJsonAsync("api/v2/users", new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["user_name"] = caseworker, ["full_name"] = "Field Worker", ["password"] = password, ["password_confirmation"] = password,
                ["role_unique_id"] = "role-cp-case-worker",
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var forms = JsonNode.Parse(await admin.GetStringAsync("api/v2/forms?unique_id=basic_identity"))!["data"]!.AsArray();
        var identityId = forms[0]!["id"]!.GetValue<int>();

        await using (var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        }))
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(Timeout);
            await Journey.RunAsync(page, "e2e-builder-admin-failure.png", async () =>
            {
                await Journey.SignInAsync(page, "admin", PublishedServer.AdminPassword);
                await page.GotoAsync($"admin/forms/{identityId}");
                await page.ClickAsync("[data-testid=add-field]");
                await page.FillAsync("#field-name", "pregnancy_support");
                await page.FillAsync("#field-label-en", "Pregnancy support needed");
                await page.ClickAsync("[data-testid=condition-mode]");
                await page.GetByRole(AriaRole.Option, new() { Name = "Only when an answer matches" }).ClickAsync();
                await page.ClickAsync("[data-testid=condition-field]");
                await page.GetByRole(AriaRole.Option, new() { Name = "Sex", Exact = true }).ClickAsync();
                await page.ClickAsync("[data-testid=condition-value]");
                await page.GetByRole(AriaRole.Option, new() { Name = "Female" }).ClickAsync();
                await page.Keyboard.PressAsync("Escape");
                await page.ClickAsync("[data-testid=field-done]");
                await page.Locator("[data-testid=field-row-pregnancy_support]").WaitForAsync();
                await page.ClickAsync("[data-testid=save-form]");
                await page.GetByText("Form published as a new version.").WaitForAsync();
            });
        }

        var published = JsonNode.Parse(await admin.GetStringAsync($"api/v2/forms/{identityId}"))!["data"]!;
        var field = published["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "pregnancy_support")!;
        Assert.Equal("female", field["display_conditions_record"]!["eq"]!["sex"]!.GetValue<string>());

        await using (var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        }))
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(Timeout);
            await Journey.RunAsync(page, "e2e-builder-caseworker-failure.png", async () =>
            {
                await Journey.SignInAsync(page, caseworker, password);
                await page.ClickAsync("[data-testid=new-case]");
                await page.WaitForURLAsync("**/cases/new");
                await page.FillAsync("#field-input-name_first", firstName);
                var conditional = page.Locator("#field-input-pregnancy_support");
                Assert.Equal(0, await conditional.CountAsync());

                await ChooseSexAsync(page, "Female");
                await conditional.WaitForAsync();
                await ChooseSexAsync(page, "Male");
                await conditional.WaitForAsync(new() { State = WaitForSelectorState.Detached });
                await ChooseSexAsync(page, "Female");
                await conditional.FillAsync("Antenatal visits");
                await page.ClickAsync("[data-testid=save-record]");
                await page.WaitForURLAsync("**/cases/*-*");
            });
        }

        using var asCaseworker = new HttpClient { BaseAddress = server.BaseAddress };
        asCaseworker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{caseworker}:{password}")));
        var cases = JsonNode.Parse(await asCaseworker.GetStringAsync($"api/v2/cases?query={firstName}"))!["data"]!.AsArray();
        var id = cases.Single()!["id"]!.GetValue<string>();
        var record = JsonNode.Parse(await asCaseworker.GetStringAsync($"api/v2/cases/{id}"))!["data"]!;
        Assert.Equal("Antenatal visits", record["pregnancy_support"]!.GetValue<string>());
    }

    private static async Task ChooseSexAsync(IPage page, string option)
    {
        await page.ClickAsync("[data-testid=field-sex]");
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }
}
