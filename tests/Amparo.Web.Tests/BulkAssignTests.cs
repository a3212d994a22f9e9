using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Pages;
using Amparo.Web.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

/// <summary>Choosing records on a list and assigning them to one user in the background (POST /:type/assigns).</summary>
public sealed class BulkAssignTests : ComponentTest
{
    private const string Form = """
        {"id":1,"unique_id":"basic_identity","parent_form":"case","name":{"en":"Basic identity"},"module_ids":["primeromodule-cp"],"fields":[
          {"name":"name","type":"text_field","display_name":{"en":"Full name"},"order":0}]}
        """;

    private const string Recipients = """
        {"data":[{"id":4,"user_name":"cw2","full_name":"Second Caseworker","disabled":false},
                 {"id":5,"user_name":"cw3","full_name":"Third Caseworker","disabled":false}]}
        """;

    private static string Page(IEnumerable<int> numbers, int total, string extra = "") =>
        new JsonObject
        {
            ["data"] = new JsonArray([.. numbers.Select(n => (JsonNode?)new JsonObject
            {
                ["id"] = $"c{n}", ["short_id"] = $"s{n}", ["name"] = $"Child {n}", ["status"] = "open",
            })]),
            ["metadata"] = new JsonObject { ["total"] = total },
        }.ToJsonString() + extra;

    private async Task<FakeApi> StartAsync(params (string Resource, string Action)[] permissions)
    {
        var list = FakeApi.PermissionList(permissions);
        var api = new FakeApi()
            .On("GET", "/api/v2/users/1", HttpStatusCode.OK, $$"""
                {"data":{"id":1,"user_name":"amina","module_unique_ids":["primeromodule-cp"],"permissions":{"list":[{{list}}]},
                 "list_headers":{"cases":[{"name":"id","field_name":"short_id"},{"name":"name","field_name":"name"}]} } }
                """)
            .On("GET", "/api/v2/forms", HttpStatusCode.OK, $$"""{"data":[{{Form}}]}""")
            .On("GET", "/api/v2/users/assign-to", HttpStatusCode.OK, Recipients);
        UseServer(api);
        Ctx.Services.AddScoped<IRecordStore, OnlineRecordStore>();
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        Ctx.JSInterop.Setup<string?>("amparo.storageGet", "amparo.user").SetResult("1:amina");
        await Ctx.Services.GetRequiredService<SessionState>().RestoreAsync();
        return api;
    }

    private NavigationManager Nav => Ctx.Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<RecordList> Open(string address)
    {
        Nav.NavigateTo(address);
        var page = Ctx.Render<RecordList>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=case-name]")));
        return page;
    }

    [Fact]
    public async Task BulkAssign_PostsTheSelectedIds_AndSaysTheJobWasQueued()
    {
        var api = await StartAsync(("case", "read"), ("case", "assign_within_agency"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, Page([1, 2, 3], 45))
           .On("POST", "/api/v2/cases/assigns", HttpStatusCode.OK, """{"data":{"transitioned_to":"cw2","filters":{"id":["c1","c3"]}}}""");
        var page = Open("cases");

        Assert.Empty(page.FindAll("[data-testid=selection-bar]"));
        page.Find("[data-testid=select-c1]").Change(true);
        page.Find("[data-testid=select-c3]").Change(true);
        Assert.Equal("2 selected", page.Find("[data-testid=selection-count]").TextContent.Trim());
        page.Find("[data-testid=bulk-assign]").Click();
        page.WaitForElement("[data-testid=bulk-recipient-cw2]").Click();
        page.Find("#bulk-assign-notes").Change("Team rebalancing");
        page.Find("[data-testid=bulk-assign-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("Queued 2 records; they are assigned in the background.", page.Find("[data-testid=bulk-assign-queued]").TextContent.Trim()));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/assigns").Single().Body)!["data"]!;
        Assert.Equal("cw2", sent["transitioned_to"]!.GetValue<string>());
        Assert.Equal("""{"id":["c1","c3"]}""", sent["filters"]!.ToJsonString());
        Assert.Equal("Team rebalancing", sent["notes"]!.GetValue<string>());
        // The selection is spent: the dialog and the bar are gone, the boxes are clear.
        Assert.Empty(page.FindAll("[data-testid=bulk-assign-dialog]"));
        Assert.Empty(page.FindAll("[data-testid=selection-bar]"));
        Assert.False(page.Find("[data-testid=select-c1]").HasAttribute("checked"));
    }

    [Fact]
    public async Task BulkAssign_OverOneHundredChosen_IsRefusedBeforeSending()
    {
        var api = await StartAsync(("case", "read"), ("case", "assign"));
        api.On("GET", "/api/v2/cases", call => (HttpStatusCode.OK, call.PathAndQuery.Contains("page=2", StringComparison.Ordinal)
            ? Page([100], 101)
            : Page(Enumerable.Range(0, 100), 101)));
        var page = Open("cases?page=1&per=100");

        // The header's box selects the rows shown: wait for them (under load the page could still be loading).
        page.WaitForElement("[data-testid=select-c99]");
        page.Find("[data-testid=select-page]").Change(true);
        page.WaitForAssertion(() => Assert.Equal("100 selected", page.Find("[data-testid=selection-count]").TextContent.Trim()));
        // The selection is kept across the list's pages.
        Nav.NavigateTo("cases?page=2&per=100");
        page.WaitForElement("[data-testid=select-c100]").Change(true);
        page.WaitForAssertion(() => Assert.Equal("101 selected", page.Find("[data-testid=selection-count]").TextContent.Trim()));
        page.Find("[data-testid=bulk-assign]").Click();
        page.WaitForElement("[data-testid=bulk-recipient-cw2]").Click();

        Assert.Contains("At most 100 records", page.Find("[data-testid=bulk-assign-too-many]").TextContent, StringComparison.Ordinal);
        Assert.True(page.Find("[data-testid=bulk-assign-send]").HasAttribute("disabled"));
        page.Find("[data-testid=bulk-assign-send]").Click();
        Assert.Empty(api.Sent("POST", "/api/v2/cases/assigns"));
    }

    [Fact]
    public async Task BulkAssign_AllMatchingTheFilters_SendsTheListsFiltersAndSearch()
    {
        var api = await StartAsync(("case", "read"), ("case", "assign"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, Page([1, 2], 7))
           .On("POST", "/api/v2/cases/assigns", HttpStatusCode.OK, """{"data":{"transitioned_to":"cw3","filters":{}}}""");
        var page = Open("cases?status=open&age=5..9&query=amal&page=1&per=20");

        page.Find("[data-testid=select-c1]").Change(true);
        page.Find("[data-testid=bulk-assign]").Click();
        page.WaitForElement("[data-testid=bulk-recipient-cw3]").Click();
        page.FindAll("[data-testid=bulk-assign-scope] input")[1].Click();
        page.Find("[data-testid=bulk-assign-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("Queued 7 records; they are assigned in the background.", page.Find("[data-testid=bulk-assign-queued]").TextContent.Trim()));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/assigns").Single().Body)!["data"]!;
        Assert.Equal("""{"age":"5..9","status":"open"}""", sent["filters"]!.ToJsonString());
        Assert.Equal("amal", sent["query"]!.GetValue<string>());
    }

    [Fact]
    public async Task BulkAssign_RefusedByTheServer_SaysWhyAndKeepsTheSelection()
    {
        var api = await StartAsync(("case", "read"), ("case", "assign"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, Page([1], 1))
           .On("POST", "/api/v2/cases/assigns", HttpStatusCode.UnprocessableEntity,
               """{"errors":[{"status":422,"message":["transition.errors.to_user_can_receive"],"detail":"transitioned_to"}]}""");
        var page = Open("cases");

        page.Find("[data-testid=select-c1]").Change(true);
        page.Find("[data-testid=bulk-assign]").Click();
        page.WaitForElement("[data-testid=bulk-recipient-cw2]").Click();
        page.Find("[data-testid=bulk-assign-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("This user may not receive the record.", page.Find("[data-testid=bulk-assign-error]").TextContent.Trim()));
        Assert.Equal("1 selected", page.Find("[data-testid=selection-count]").TextContent.Trim());
    }

    [Fact]
    public async Task List_WithoutAnAssignPermission_HasNoSelection()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, Page([1], 1));
        var page = Open("cases");
        Assert.Empty(page.FindAll("[data-testid^=select-]"));
    }
}
