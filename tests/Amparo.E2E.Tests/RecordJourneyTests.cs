using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

/// <summary>
/// A caseworker registers a case with a photo; a supervisor whose group covers the caseworker flags it and adds a
/// note; the caseworker sees the alert on the notes form and the flag, the history shows both changes, and the
/// caseworker's own note marks the alert as seen.
/// </summary>
[Collection(PublishedServer.Collection)]
public sealed partial class RecordJourneyTests(PublishedServer server)
{
    private const float Timeout = 60_000;

    /// <summary>A real 1×1 PNG, so the browser has something to draw in the preview.</summary>
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [GeneratedRegex("^Flags")]
    private static partial Regex FlagsTab();

    [GeneratedRegex("^Notes")]
    private static partial Regex NotesTab();

    [GeneratedRegex("^History")]
    private static partial Regex HistoryTab();

    private HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{PublishedServer.AdminPassword}")));
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
    public async Task CaseworkerRegistersACaseWithAPhoto_SupervisorFlagsItAndAddsANote_CaseworkerSeesTheAlertFlagAndHistory()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var admin = Admin();
        var group = await PostAsync(admin, "api/v2/user_groups", new JsonObject { ["name"] = "Team " + suffix });
        var forms = JsonNode.Parse(await admin.GetStringAsync("api/v2/forms?record_type=case&module_id=primeromodule-cp"))!["data"]!.AsArray()
            .Where(f => f!["is_nested"]?.GetValue<bool>() != true).Select(f => f!["unique_id"]!.GetValue<string>()).ToList();
        JsonObject Forms(string access) => new([.. forms.Select(f => KeyValuePair.Create(f, (JsonNode?)access))]);
        // The caseworker registers and edits their own cases and reads their history; the supervisor reads the
        // cases of the team, and may flag them and add notes, but not edit answers.
        var caseworkerRole = await PostAsync(admin, "api/v2/roles", new JsonObject
        {
            ["name"] = "Caseworker " + suffix, ["group_permission"] = "self", ["module_unique_ids"] = new JsonArray("primeromodule-cp"),
            ["permissions"] = new JsonObject { ["case"] = new JsonArray("read", "create", "write", "flag", "add_note", "change_log") },
            ["form_section_read_write"] = Forms("rw"),
        });
        var supervisorRole = await PostAsync(admin, "api/v2/roles", new JsonObject
        {
            ["name"] = "Supervisor " + suffix, ["group_permission"] = "group", ["module_unique_ids"] = new JsonArray("primeromodule-cp"),
            ["permissions"] = new JsonObject { ["case"] = new JsonArray("read", "flag", "add_note", "change_log") },
            ["form_section_read_write"] = Forms("r"),
        });
        var (caseworker, supervisor, password) = ("cw" + suffix, "sup" + suffix, "journey-pass-" + suffix);
        foreach (var (user, role) in new[] { (caseworker, caseworkerRole), (supervisor, supervisorRole) })
            await PostAsync(admin, "api/v2/users", new JsonObject
            {
                ["user_name"] = user, ["full_name"] = user, ["password"] = password, ["password_confirmation"] = password,
                ["role_unique_id"] = role["unique_id"]!.GetValue<string>(),
                ["user_group_unique_ids"] = new JsonArray(group["unique_id"]!.GetValue<string>()),
            });

        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await Journey.RunAsync(page, "e2e-record-failure.png", async () =>
        {
            // The caseworker registers the case, then adds a photo to the saved case and sees it.
            await Journey.SignInAsync(page, caseworker, password);
            await page.ClickAsync("[data-testid=new-case]");
            await page.WaitForURLAsync("**/cases/new");
            await page.FillAsync("#field-input-name_first", "Photo" + suffix);
            await page.FillAsync("#field-input-name_last", "Journey");
            await page.ClickAsync("[data-testid=save-record]");
            await page.WaitForURLAsync("**/cases/*-*");
            var caseUrl = new Uri(page.Url).AbsolutePath;
            await page.ClickAsync("[data-testid=nav-form-photos_and_audio]");
            await page.Locator("[data-testid=attachments-photos]").WaitForAsync();
            await page.SetInputFilesAsync("[data-testid=attachments-photos] input[type=file]",
                new FilePayload { Name = "face.png", MimeType = "image/png", Buffer = Photo });
            var preview = page.Locator("[data-testid=attachments-photos] img[data-testid=attachment-preview]");
            await preview.WaitForAsync();
            Assert.StartsWith("data:image/png;base64,", await preview.GetAttributeAsync("src"), StringComparison.Ordinal);
            Assert.Equal(1, await preview.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0"));
            await Journey.SignOutAsync(page);

            // The supervisor flags the case and adds a note.
            await Journey.SignInAsync(page, supervisor, password);
            await page.GotoAsync(caseUrl.TrimStart('/'));
            await page.Locator("[data-testid=record-title]", new() { HasText = "Case" }).WaitForAsync();
            Assert.Equal(0, await page.Locator("[data-testid=save-record]").CountAsync());
            await page.GetByRole(AriaRole.Tab, new() { NameRegex = FlagsTab() }).ClickAsync();
            await page.FillAsync("#flag-message", "Check the home address " + suffix);
            await page.ClickAsync("[data-testid=raise-flag]");
            await page.Locator("[data-testid=flag]", new() { HasText = "Check the home address " + suffix }).WaitForAsync();
            await page.GetByRole(AriaRole.Tab, new() { NameRegex = NotesTab() }).ClickAsync();
            await page.FillAsync("#note-subject", "Supervision " + suffix);
            await page.FillAsync("#note-text", "Visit the family this week.");
            await page.ClickAsync("[data-testid=add-note]");
            await page.Locator("[data-testid=note]", new() { HasText = "Supervision " + suffix }).WaitForAsync();
            await Journey.SignOutAsync(page);

            // The caseworker sees the alert on the notes form, the flag, and both changes in the history.
            await Journey.SignInAsync(page, caseworker, password);
            await page.GotoAsync(caseUrl.TrimStart('/'));
            var alert = page.Locator("[data-testid=record-alert]", new() { HasText = "Notes" });
            await alert.WaitForAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Flags (1)" }).ClickAsync();
            await page.Locator("[data-testid=flag]", new() { HasText = "Check the home address " + suffix }).WaitForAsync();
            Assert.Contains(supervisor, await page.Locator("[data-testid=flag]").InnerTextAsync(), StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Tab, new() { NameRegex = HistoryTab() }).ClickAsync();
            var bySupervisor = page.Locator("[data-testid=history-entry]", new() { HasText = supervisor });
            await bySupervisor.First.WaitForAsync();
            var history = string.Join("\n", await bySupervisor.AllInnerTextsAsync());
            Assert.Contains("Open flags", history, StringComparison.Ordinal);
            Assert.Contains("Notes", history, StringComparison.Ordinal);
            Assert.Contains(await page.Locator("[data-testid=history-entry]", new() { HasText = caseworker }).AllInnerTextsAsync(),
                entry => entry.Contains("Photos", StringComparison.Ordinal));

            // The owner's own note on the notes form marks the supervisor's change as seen.
            await page.GetByRole(AriaRole.Tab, new() { NameRegex = NotesTab() }).ClickAsync();
            await page.FillAsync("#note-subject", "Seen " + suffix);
            await page.ClickAsync("[data-testid=add-note]");
            await page.Locator("[data-testid=note]", new() { HasText = "Seen " + suffix }).WaitForAsync();
            await page.Locator("[data-testid=record-alerts]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        });
    }
}
