using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace Amparo.E2E.Tests;

[Collection(PublishedServer.Collection)]
public sealed class CaseworkerJourneyTests(PublishedServer server)
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task Admin_LogsIn_CreatesACase_FindsItInTheList_AndLogsOut()
    {
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 }, // a cheap phone
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await Journey.RunAsync(page, "e2e-failure.png", async () =>
        {
            await JourneyAsync(page);
        });
    }

    private static async Task JourneyAsync(IPage page)
    {

        var firstVisit = await MeasureFirstVisitAsync(page);
        Assert.True(firstVisit.Bytes > 0);
        await RecordFirstVisitAsync(firstVisit);

        await page.FillAsync("#user_name", "admin");
        await page.FillAsync("#password", PublishedServer.AdminPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync("**/cases");

        var firstName = "E2e" + Guid.NewGuid().ToString("N")[..6];
        await page.ClickAsync("[data-testid=new-case]");
        await page.WaitForURLAsync("**/cases/new");
        await page.FillAsync("#field-input-name_first", firstName);
        await page.FillAsync("#field-input-name_last", "Journey");
        await page.FillAsync("#field-input-age", "11");
        await page.FillAsync("#field-input-date_of_birth", "2015-03-01");
        await page.ClickAsync("[data-testid=field-sex]");
        await page.GetByRole(AriaRole.Option, new() { Name = "Female" }).ClickAsync();
        await page.ClickAsync("[data-testid=save-record]");
        // A new case opens as saved (files, notes and flags need it to exist); the list is one step back.
        await page.WaitForURLAsync("**/cases/*-*");
        await page.ClickAsync("[data-testid=back-to-list]");
        await page.WaitForURLAsync("**/cases");

        await page.FillAsync("#case-search", firstName);
        var row = page.Locator("[data-testid=case-name]", new() { HasText = firstName + " Journey" });
        await row.WaitForAsync();
        Assert.Equal(1, await row.CountAsync());
        // Options show their label from the form definition, not the stored id.
        Assert.Contains("Female", await page.Locator("[data-testid=case-table] tbody tr", new() { HasText = firstName }).InnerTextAsync(), StringComparison.Ordinal);

        // The saved case opens with its answers, as stored by the server.
        await row.ClickAsync();
        await page.WaitForURLAsync("**/cases/*-*");
        Assert.Equal("11", await page.InputValueAsync("#field-input-age"));
        Assert.Equal("2015-03-01", await page.InputValueAsync("#field-input-date_of_birth"));

        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/login");
        await page.Locator("#user_name").WaitForAsync();
        // The session is over on the server too, not only in the page.
        var after = await page.APIRequest.GetAsync("/api/v2/cases");
        Assert.Equal(401, after.Status);
    }

    [Fact]
    public async Task Admin_CreatesARoleAndAUser_WhoThenSeesOnlyWhatTheRoleAllows()
    {
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await Journey.RunAsync(page, "e2e-admin-failure.png", async () =>
        {
            await AdminJourneyAsync(page);
        });
    }

    private static async Task AdminJourneyAsync(IPage page)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await Journey.SignInAsync(page, "admin", PublishedServer.AdminPassword);

        // A case for the new user to find, created through the API with the admin's session.
        var csrf = (await page.Context.CookiesAsync()).First(c => c.Name == "CSRF-TOKEN").Value;
        var created = await page.APIRequest.PostAsync("/api/v2/cases", new()
        {
            DataObject = new { data = new { name_first = "Readable" + suffix, name_last = "Child" } },
            Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrf },
        });
        Assert.Equal(200, created.Status);

        // A role that may only read cases, and only the Basic identity form.
        await page.ClickAsync("[data-testid=nav-roles]");
        await page.WaitForURLAsync("**/admin/roles");
        await page.ClickAsync("[data-testid=new-role]");
        await page.FillAsync("#role-name", "Reader " + suffix);
        await page.ClickAsync("[data-testid=role-scope]");
        await page.GetByRole(AriaRole.Option, new() { Name = "All records" }).ClickAsync();
        await page.Locator("#form-basic_identity-r").ClickAsync();
        await page.Locator("#perm-case-read").ClickAsync();
        await page.ClickAsync("[data-testid=save-role]");
        await page.Locator("[data-testid=role-table]", new() { HasText = "Reader " + suffix }).WaitForAsync();

        // A user with that role.
        await page.ClickAsync("[data-testid=nav-users]");
        await page.WaitForURLAsync("**/admin/users");
        await page.ClickAsync("[data-testid=new-user]");
        await page.FillAsync("#user-user_name", "reader" + suffix);
        await page.FillAsync("#user-full_name", "Reader " + suffix);
        await page.FillAsync("#user-password", "reader-password-" + suffix);
        await page.ClickAsync("[data-testid=user-role]");
        await page.GetByRole(AriaRole.Option, new() { Name = "Reader " + suffix }).ClickAsync();
        await page.ClickAsync("[data-testid=save-user]");
        await page.Locator("[data-testid=user-table]", new() { HasText = "reader" + suffix }).WaitForAsync();
        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/login");

        // The new user reads cases, and is offered nothing else.
        await Journey.SignInAsync(page, "reader" + suffix, "reader-password-" + suffix);
        await page.FillAsync("#case-search", "Readable" + suffix);
        var row = page.Locator("[data-testid=case-name]", new() { HasText = "Readable" + suffix });
        await row.WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=new-case]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=nav-users]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=nav-roles]").CountAsync());
        await row.ClickAsync();
        await page.WaitForURLAsync("**/cases/*-*");
        Assert.Equal("Readable" + suffix, await page.InputValueAsync("#field-input-name_first"));
        Assert.Equal(0, await page.Locator("[data-testid=save-record]").CountAsync());
        // The server agrees with the screen: writing is refused.
        var csrfReader = (await page.Context.CookiesAsync()).First(c => c.Name == "CSRF-TOKEN").Value;
        var write = await page.APIRequest.PostAsync("/api/v2/cases", new()
        {
            DataObject = new { data = new { name_first = "Nope" } },
            Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrfReader },
        });
        Assert.Equal(403, write.Status);
    }

    private sealed record FirstVisit(long Bytes, int Requests, IReadOnlyList<(string Url, long Bytes, string Encoding)> Largest);

    /// <summary>
    /// Bytes on the wire (compressed bodies plus headers) from opening the site until the login form is usable.
    /// Listens on the whole browser context so that fetches made by the service worker are counted, and skips
    /// the page's copies of responses the service worker handed it, so nothing is counted twice.
    /// </summary>
    private static async Task<FirstVisit> MeasureFirstVisitAsync(IPage page)
    {
        var responses = new List<IResponse>();
        page.Context.Response += (_, response) => { lock (responses) responses.Add(response); };
        await page.GotoAsync("/");
        await page.Locator("#user_name").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var items = new List<(string Url, long Bytes, string Encoding)>();
        List<IResponse> seen;
        lock (responses) seen = [.. responses];
        foreach (var response in seen)
        {
            if (response.FromServiceWorker) continue;
            await response.FinishedAsync();
            var sizes = await response.Request.SizesAsync();
            var encoding = (await response.AllHeadersAsync()).GetValueOrDefault("content-encoding", "none");
            items.Add((new Uri(response.Url).AbsolutePath, sizes.ResponseBodySize + sizes.ResponseHeadersSize, encoding));
        }
        return new FirstVisit(items.Sum(i => i.Bytes), items.Count, [.. items.OrderByDescending(i => i.Bytes).Take(8)]);
    }

    private static async Task RecordFirstVisitAsync(FirstVisit visit)
    {
        const string start = "<!-- first-visit:start -->", end = "<!-- first-visit:end -->";
        var path = Path.Combine(PublishedServer.RepositoryRoot(), "docs", "performance.md");
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : $"# Performance\n\n{start}\n{end}\n";
        var section = new StringBuilder();
        section.AppendLine(start);
        section.AppendLine(CultureInfo.InvariantCulture, $"Measured by `Amparo.E2E.Tests` (run by `./test.sh`) on {DateTime.UtcNow:yyyy-MM-dd}: a first visit to the login page");
        section.AppendLine("in a fresh Chromium profile against the published server, counting response bodies as sent (compressed) plus headers.");
        section.AppendLine();
        section.AppendLine(CultureInfo.InvariantCulture, $"**Total: {visit.Bytes:N0} bytes ({visit.Bytes / 1024.0 / 1024.0:F2} MiB) in {visit.Requests} responses** (target ≤ 1.4 MB).");
        section.AppendLine();
        section.AppendLine("| largest responses | bytes | content-encoding |");
        section.AppendLine("|---|---:|---|");
        foreach (var (url, bytes, encoding) in visit.Largest)
            section.AppendLine(CultureInfo.InvariantCulture, $"| `{url}` | {bytes:N0} | {encoding} |");
        section.Append(end);

        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? text[..from] + section + text[(to + end.Length)..]
            : text.TrimEnd() + "\n\n" + section + "\n";
        await File.WriteAllTextAsync(path, text);
    }
}
