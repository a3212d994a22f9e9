using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Components;
using Amparo.Web.Services;
using Bunit;

namespace Amparo.Web.Tests;

/// <summary>Case and action plans requested as a sub-type, where the record's module lets users choose one.</summary>
public sealed class ApprovalTypeTests : ComponentTest
{
    private const string Lookups = """
        {"data":[
          {"unique_id":"lookup-approval-type","values":[{"id":"case_plan_review","display_text":{"en":"Case plan review"}},
                                                        {"id":"old_type","display_text":{"en":"Old type"},"disabled":true}]},
          {"unique_id":"lookup-gbv-approval-types","values":[{"id":"gbv_safety_plan","display_text":{"en":"Safety plan"}}]}]}
        """;

    private IRenderedComponent<MudBlazor.MudPopoverProvider> _popovers = null!;

    private async Task<FakeApi> StartAsync(bool selectable, string userName, params (string Resource, string Action)[] permissions)
    {
        var api = new FakeApi()
            .On("GET", "/api/v2/primero_modules", HttpStatusCode.OK,
                """{"data":[{"unique_id":"primeromodule-cp","module_options":{"selectable_approval_types":""" + (selectable ? "true" : "false")
                + """}},{"unique_id":"primeromodule-gbv","module_options":{}}]}""")
            .On("GET", "/api/v2/lookups", HttpStatusCode.OK, Lookups);
        UseServer(api);
        _popovers = Ctx.Render<MudBlazor.MudPopoverProvider>();
        return await Ctx.SignInAsAsync(api, userName, permissions);
    }

    private IRenderedComponent<RecordApprovals> Tab(JsonObject record, List<int>? changed = null) =>
        Ctx.Render<RecordApprovals>(p => p.Add(c => c.Kind, RecordKind.Case).Add(c => c.RecordId, "c1").Add(c => c.Record, record)
            .Add(c => c.Changed, () => changed?.Add(1)));

    private static JsonObject NewCase() => new() { ["id"] = "c1", ["module_id"] = "primeromodule-cp", ["owned_by"] = "cw1" };

    [Fact]
    public async Task CasePlanRequest_WithSelectableTypes_SendsTheChosenApprovalType()
    {
        var api = await StartAsync(selectable: true, "cw1", ("case", "read"), ("case", "request_approval_case_plan"), ("case", "request_approval_closure"));
        api.On("PATCH", "/api/v2/cases/c1/approvals/case_plan", HttpStatusCode.OK, """{"data":{"record":{"id":"c1","approval_status_case_plan":"pending"}}}""");
        var changed = new List<int>();
        var tab = Tab(NewCase(), changed);

        // Only the case plan carries a sub-type; the closure is requested as before.
        tab.WaitForElement("[data-testid=approval-type-case_plan]").MouseDown();
        Assert.Empty(tab.FindAll("[data-testid=approval-type-closure]"));
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll(".mud-list-item")));
        // The plan itself and the enabled values of both approval-type lookups, as the server accepts them.
        Assert.Equal(["Case plan", "Case plan review", "Safety plan"], _popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()));
        _popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains("Case plan review", StringComparison.Ordinal)).Click();
        tab.Find("[data-testid=request-approval-case_plan]").Click();

        tab.WaitForAssertion(() => Assert.Equal([1], changed));
        Assert.Equal("""{"data":{"approval_status":"requested","approval_type":"case_plan_review"}}""",
            api.Sent("PATCH", "/api/v2/cases/c1/approvals/case_plan").Single().Body);
    }

    [Fact]
    public async Task CasePlanRequest_WithoutSelectableTypes_OffersNoChoiceAndSendsThePlanItself()
    {
        var api = await StartAsync(selectable: false, "cw1", ("case", "read"), ("case", "request_approval_case_plan"));
        api.On("PATCH", "/api/v2/cases/c1/approvals/case_plan", HttpStatusCode.OK, """{"data":{"record":{"id":"c1","approval_status_case_plan":"pending"}}}""");
        var changed = new List<int>();
        var tab = Tab(NewCase(), changed);

        tab.WaitForAssertion(() => Assert.Single(api.Sent("GET", "/api/v2/primero_modules")));
        Assert.Empty(tab.FindAll("[data-testid=approval-type-case_plan]"));
        tab.Find("[data-testid=request-approval-case_plan]").Click();
        tab.WaitForAssertion(() => Assert.Equal([1], changed));
        Assert.Equal("""{"data":{"approval_status":"requested","approval_type":"case_plan"}}""", api.Sent("PATCH", "/api/v2/cases/c1/approvals/case_plan").Single().Body);
    }

    [Fact]
    public async Task Approver_SeesTheRequestedSubType_InTheRequestAndTheHistory()
    {
        await StartAsync(selectable: true, "supervisor1", ("case", "read"), ("case", "approve_case_plan"));
        var record = JsonNode.Parse("""
            {"id":"c1","module_id":"primeromodule-cp","owned_by":"cw1","approval_status_case_plan":"pending","case_plan_approval_type":"case_plan_review",
             "approval_subforms":[{"unique_id":"u1","approval_requested_for":"case_plan","requested_by":"cw1","approval_date":"2026-11-20",
                                   "approval_status":"requested","approval_for_type":"case_plan_review"}]}
            """)!.AsObject();
        var tab = Tab(record);

        tab.WaitForAssertion(() => Assert.Equal("Requested as: Case plan review", tab.Find("[data-testid=approval-requested-type-case_plan]").TextContent.Trim()));
        Assert.Contains("Case plan review", tab.Find("[data-testid=approval-row]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(tab.Find("[data-testid=approve-case_plan]"));
    }
}
