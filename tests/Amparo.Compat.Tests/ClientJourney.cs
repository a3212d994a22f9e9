using System.Text.RegularExpressions;
using Amparo.E2E.Tests;
using Microsoft.Playwright;

namespace Amparo.Compat.Tests;

/// <summary>
/// One person's journey through Primero's client in a fresh browser context. It fails on any error the page throws or
/// logs, on any screen of the client's own error pages ("Not Authorized", "Something went wrong", ...), and on any 4xx or
/// 5xx Amparo answered during the journey that the journey did not declare with <see cref="Expect"/> (and say why).
/// </summary>
internal sealed class ClientJourney : IAsyncDisposable
{
    public const float Timeout = 30_000;

    /// <summary>What Primero's client shows when the server refuses or fails it (its English texts).</summary>
    private static readonly string[] ErrorScreens =
    [
        "You are not authorized to access this page", "Not Authorized", "Sorry, Something went wrong", "Something went wrong.",
        "Error Loading Record(s)", "Server Error", "You have been logged out",
    ];

    /// <summary>
    /// Page errors of Primero's client that no server answer causes, each with why it is let pass. Nothing else is.
    /// </summary>
    private static readonly (string Fragment, string Why)[] ClientOwnErrors =
    [
        // The worker-timers library in Primero's vendor bundle throws when the client clears its session-refresh
        // interval before the timer worker has scheduled it (a race on the client's own timers, seen at sign-in and on
        // reloads under load; the same build does it against any server).
        ("There is no interval scheduled with the given id", "worker-timers race in Primero's client"),
    ];

    private readonly PrimeroClient _client;
    private readonly IBrowserContext _context;
    private readonly long _mark;
    private readonly List<string> _pageProblems = [];
    private readonly List<(string Method, Regex Path, int Status, string Why)> _expected = [];

    public IPage Page { get; }
    public string Name { get; }

    private ClientJourney(PrimeroClient client, IBrowserContext context, IPage page, string name)
    {
        _client = client;
        _context = context;
        Page = page;
        Name = name;
        _mark = client.LogMark();
        page.SetDefaultTimeout(Timeout);
        page.PageError += (_, message) =>
        {
            if (ClientOwnErrors.Any(e => message.Contains(e.Fragment, StringComparison.Ordinal))) return;
            lock (_pageProblems) _pageProblems.Add("page error: " + message);
        };
        page.Console += (_, message) =>
        {
            // A failed request shows here too; those are judged from the proxy log, where each has its URL and status.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                lock (_pageProblems) _pageProblems.Add("console error: " + message.Text);
        };
    }

    public static async Task<ClientJourney> StartAsync(PrimeroClient client, string name)
    {
        var context = await client.Server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = client.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        return new ClientJourney(client, context, await context.NewPageAsync(), name);
    }

    /// <summary>Declares an error answer this journey provokes on purpose or cannot avoid, and why it is right.</summary>
    public void Expect(string method, string pathPattern, int status, string why)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        _expected.Add((method, new Regex("^" + pathPattern + "$"), status, why));
    }

    /// <summary>
    /// Signs in on Primero's stock page (the theme on, as Rails renders it), accepting the code of conduct in force when
    /// the client asks for it (a user who has not accepted it yet: PATCH /users/:id).
    /// </summary>
    public async Task SignInAsync(string user, string password, bool acceptsCodeOfConduct = false)
    {
        await Page.GotoAsync("v2/login");
        await Page.FillAsync("input[name=user_name]", user);
        await Page.FillAsync("input[name=password]", password);
        await Page.ClickAsync("button[type=submit]");
        if (acceptsCodeOfConduct)
        {
            await SeeAsync(PrimeroClient.CodeOfConductTitle);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        }
        // The home page, with the user's name in the navigation once the user is loaded.
        await Page.GetByRole(AriaRole.Link, new() { Name = user, Exact = true }).Filter(new() { Visible = true }).WaitForAsync();
        await CheckScreenAsync();
    }

    public async Task SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Log out" }).Filter(new() { Visible = true }).ClickAsync();
        // Not WaitForURL: the client changes the address with pushState and may reload the page while it signs out, and
        // waiting for a navigation's load event then missed the login screen already shown (a 30 s time-out on CI).
        await Page.Locator("input[name=user_name]").WaitForAsync();
        await Page.WaitForFunctionAsync("() => location.pathname.endsWith('/v2/login')");
    }

    /// <summary>Opens a screen of the client by its address (the client starts again, as after a reload).</summary>
    public async Task GoAsync(string path)
    {
        await Page.GotoAsync("v2/" + path.TrimStart('/'));
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await CheckScreenAsync();
    }

    /// <summary>Waits until the page shows <paramref name="text"/>, then checks the screen.</summary>
    public async Task SeeAsync(string text, bool exact = false)
    {
        await Page.GetByText(text, new() { Exact = exact }).Filter(new() { Visible = true }).First.WaitForAsync();
        await CheckScreenAsync();
    }

    /// <summary>Waits until a field of the page holds <paramref name="value"/> (the client shows records and settings in read-only inputs).</summary>
    public async Task SeeValueAsync(string value)
    {
        await Page.WaitForFunctionAsync("v => [...document.querySelectorAll('input, textarea')].some(i => i.value === v)", value);
        await CheckScreenAsync();
    }

    /// <summary>
    /// Opens a form of the record on screen from its navigation, opening the form's group first. The client's first click
    /// on a closed group may select its first form without unfolding it, so the group is clicked until the form shows.
    /// </summary>
    public async Task OpenRecordFormAsync(string group, string form)
    {
        var item = Page.GetByText(form, new() { Exact = true }).Filter(new() { Visible = true }).First;
        var header = Page.GetByText(group, new() { Exact = true }).Filter(new() { Visible = true }).First;
        for (var attempt = 0; attempt < 3 && !await item.IsVisibleAsync(); attempt++)
        {
            await header.ClickAsync();
            try { await item.WaitForAsync(new() { Timeout = Timeout / 6 }); }
            catch (TimeoutException) { }
        }
        await item.ClickAsync();
        await CheckScreenAsync();
    }

    /// <summary>Chooses an action of the record on screen from its ⋮ menu and returns the dialog it opens.</summary>
    public async Task<ILocator> RecordActionAsync(string action)
    {
        await Page.Locator("header button").Last.ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = action, Exact = true }).ClickAsync();
        var dialog = Page.Locator("[role=dialog]").Last;
        await dialog.WaitForAsync();
        await CheckScreenAsync();
        return dialog;
    }

    /// <summary>Picks <paramref name="option"/> in one of the client's searchable selects (an autocomplete by its input id).</summary>
    public async Task ChooseAsync(ILocator dialog, string inputId, string option)
    {
        var input = dialog.Locator($"input#{inputId}");
        await Assertions.Expect(input).ToBeEnabledAsync(new() { Timeout = Timeout });
        await input.ClickAsync();
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = option }).First.ClickAsync();
    }

    /// <summary>Fails when the page shows one of the client's error screens or has thrown.</summary>
    public async Task CheckScreenAsync()
    {
        var body = await Page.InnerTextAsync("body");
        foreach (var screen in ErrorScreens)
            Assert.False(body.Contains(screen, StringComparison.Ordinal), $"{Name}: the client shows \"{screen}\" at {Page.Url}");
        ThrowIfPageProblems();
    }

    private void ThrowIfPageProblems()
    {
        lock (_pageProblems)
            Assert.True(_pageProblems.Count == 0, $"{Name}: at {Page.Url}:\n{string.Join("\n", _pageProblems)}");
    }

    /// <summary>The requests Amparo answered so far in this journey.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => _client.RequestsSince(_mark);

    /// <summary>Waits until Amparo has answered a request like this in this journey (the log has a request once answered).</summary>
    /// <param name="after">How many requests were answered before (<c>Requests.Count</c>): only later ones count, so a
    /// step waits for the answer to what it just did, not an earlier one like it.</param>
    public async Task<ProxiedRequest> AnsweredAsync(Func<ProxiedRequest, bool> like, string what, int after = 0)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(Timeout);
        while (true)
        {
            if (Requests.Skip(after).FirstOrDefault(like) is { } answered) return answered;
            Assert.True(DateTime.UtcNow < deadline, $"{Name}: no answer to {what} in {Timeout / 1000} s");
            await Task.Delay(100);
        }
    }

    /// <summary>Ends the journey: no page problem, and no error answer it did not expect.</summary>
    public async Task FinishAsync()
    {
        // Requests still in flight (the client polls, and writes after a step) are in the log once answered.
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        ThrowIfPageProblems();
        var unexpected = Requests.Where(r => r.Status >= 400 && !_expected.Any(e => e.Method == r.Method && e.Status == r.Status && e.Path.IsMatch(r.Path))).ToList();
        Assert.True(unexpected.Count == 0, $"{Name}: Amparo answered errors the journey did not expect:\n{string.Join("\n", unexpected)}");
    }

    /// <summary>Runs a journey, leaving a picture of the failing screen next to the test results.</summary>
    public async Task RunAsync(Func<Task> journey)
    {
        try
        {
            await journey();
            await FinishAsync();
        }
        catch
        {
            var folder = Path.Combine(PublishedServer.RepositoryRoot(), "artifacts", "test-results");
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"compat-{Name}.png"), FullPage = true });
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
