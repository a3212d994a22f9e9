using System.Net;
using Amparo.Web.Components;
using Amparo.Web.Pages;
using Amparo.Web.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

/// <summary>The task list and the alert badges of the app bar.</summary>
public sealed class TaskAndAlertTests : ComponentTest
{
    private const string TwoTasks = """
        {"data":[
          {"record_type":"case","id":"c-late","record_id_display":"late001","type":"assessment","type_display":"Assessment","detail":null,"priority":"high",
           "due_date":"01-Nov-2026","name":"Amal Haddad","overdue":true,"upcoming_soon":false},
          {"record_type":"case","id":"c-soon","record_id_display":"soon002","type":"follow_up","type_display":"Follow-up","detail":"Home visit","priority":null,
           "due_date":"30-Nov-2026","name":"Omar Saleh","overdue":false,"upcoming_soon":true}],
         "metadata":{"total":2,"per":50,"page":1,"field_names":{}}}
        """;

    private async Task<FakeApi> StartAsync(params (string Resource, string Action)[] permissions)
    {
        var api = new FakeApi().WithPermissions(permissions);
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        return api;
    }

    private NavigationManager Nav => Ctx.Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task Tasks_AreAskedSoonestDueFirst_OverdueOnesAreMarked_AndARowOpensItsCase()
    {
        var api = await StartAsync(("dashboard", "dash_tasks"));
        api.On("GET", "/api/v2/tasks", HttpStatusCode.OK, TwoTasks);
        var page = Ctx.Render<Tasks>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=task-name]").Count));
        var asked = api.Sent("GET", "/api/v2/tasks").Single().PathAndQuery;
        Assert.Contains("order_by=due_date", asked, StringComparison.Ordinal);
        Assert.Contains("order=asc", asked, StringComparison.Ordinal);
        Assert.Equal(["Amal Haddad", "Omar Saleh"], page.FindAll("[data-testid=task-name]").Select(c => c.TextContent.Trim()));
        var overdue = Assert.Single(page.FindAll("[data-testid=task-overdue]"));
        Assert.Contains("01-Nov-2026", overdue.Closest("td")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Home visit", page.Markup, StringComparison.Ordinal);

        page.FindAll("[data-testid=task-name]")[0].Click();
        Assert.EndsWith("/cases/c-late", Nav.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_WithoutDashTasks_SaysSo_AndAsksNothing()
    {
        var api = await StartAsync(("case", "read"));
        var page = Ctx.Render<Tasks>();
        Assert.NotEmpty(page.FindAll("[data-testid=tasks-forbidden]"));
        Assert.Empty(api.Sent("GET", "/api/v2/tasks"));
    }

    [Fact]
    public async Task Tasks_NoneDue_SaysSo()
    {
        var api = await StartAsync(("dashboard", "dash_tasks"));
        api.On("GET", "/api/v2/tasks", HttpStatusCode.OK, """{"data":[],"metadata":{"total":0,"per":50,"page":1}}""");
        var page = Ctx.Render<Tasks>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=tasks-none]")));
    }

    [Fact]
    public async Task Nav_OffersOnlyTheReadableLists_WithTheServersAlertCountsAsBadges()
    {
        var api = await StartAsync(("case", "read"), ("incident", "read"), ("dashboard", "dash_tasks"));
        api.On("GET", "/api/v2/alerts", HttpStatusCode.OK, """{"data":{"case":3,"incident":0,"tracing_request":4}}""");
        var nav = Ctx.Render<RecordNav>();

        nav.WaitForAssertion(() => Assert.Contains("3", nav.Find("[data-testid=alert-badge-case]").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(nav.FindAll("[data-testid=nav-cases]"));
        Assert.NotEmpty(nav.FindAll("[data-testid=nav-incidents]"));
        Assert.NotEmpty(nav.FindAll("[data-testid=nav-tasks]"));
        // Tracing requests have alerts, but this role does not read them.
        Assert.Empty(nav.FindAll("[data-testid=nav-tracing_requests]"));
        Assert.Empty(nav.FindAll("[data-testid=alert-badge-tracing_request]"));
        Assert.Empty(nav.FindAll("[data-testid=alert-badge-incident] .mud-badge"));
        Assert.Single(nav.FindAll("[data-testid=alert-badge-case] .mud-badge"));
    }

    [Fact]
    public async Task ClickingAnAlertBadge_ListsThatTypesOpenRecordsWithAlerts()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/alerts", HttpStatusCode.OK, """{"data":{"case":2}}""");
        var nav = Ctx.Render<RecordNav>();

        nav.WaitForElement("[data-testid=alert-badge-case] .mud-badge").Click();
        var query = RecordListQuery.FromQueryString(new Uri(Nav.Uri).Query);
        Assert.EndsWith("/cases", new Uri(Nav.Uri).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("1..", query.Filters["alert_count"]);
        Assert.Equal("open", query.Filters["status"]);
    }
}
