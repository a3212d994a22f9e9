using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Components;
using Amparo.Web.Services;
using Bunit;

namespace Amparo.Web.Tests;

/// <summary>The Approvals tab of a record: requests by caseworkers, decisions by approvers, the history.</summary>
public sealed class ApprovalTests : ComponentTest
{
    private async Task<FakeApi> StartAsync(string userName, params (string Resource, string Action)[] permissions)
    {
        var api = new FakeApi();
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        return await Ctx.SignInAsAsync(api, userName, permissions);
    }

    private IRenderedComponent<RecordApprovals> Tab(JsonObject record, List<int>? changed = null) =>
        Ctx.Render<RecordApprovals>(p => p.Add(c => c.Kind, RecordKind.Case).Add(c => c.RecordId, "c1").Add(c => c.Record, record)
            .Add(c => c.Changed, () => changed?.Add(1)));

    private static JsonObject Pending() => JsonNode.Parse("""
        {"id":"c1","module_id":"primeromodule-cp","owned_by":"cw1","approval_status_case_plan":"pending",
         "approval_subforms":[{"unique_id":"u1","approval_requested_for":"case_plan","requested_by":"cw1","approval_date":"2026-11-20","approval_status":"requested","approval_for_type":"case_plan"}]}
        """)!.AsObject();

    [Fact]
    public async Task Caseworker_RequestsOnlyTheApprovalsTheRoleMayRequest_AndDecidesNone()
    {
        var api = await StartAsync("cw1", ("case", "read"), ("case", "request_approval_case_plan"), ("case", "request_approval_closure"));
        api.On("PATCH", "/api/v2/cases/c1/approvals/case_plan", HttpStatusCode.OK, """
            {"data":{"record":{"id":"c1","approval_status_case_plan":"pending","approval_subforms":[{"approval_requested_for":"case_plan","requested_by":"cw1","approval_date":"2026-11-27","approval_status":"requested"}]}}}
            """);
        var record = new JsonObject { ["id"] = "c1", ["module_id"] = "primeromodule-cp", ["owned_by"] = "cw1" };
        var changed = new List<int>();
        var tab = Tab(record, changed);

        Assert.Equal(["request-approval-case_plan", "request-approval-closure"], tab.FindAll("[data-testid^=request-approval-]").Select(b => b.GetAttribute("data-testid")));
        Assert.Empty(tab.FindAll("[data-testid=approval-assessment]"));
        Assert.Equal("Not requested", tab.Find("[data-testid=approval-status-case_plan]").TextContent.Trim());

        tab.Find("[data-testid=request-approval-case_plan]").Click();
        tab.WaitForAssertion(() => Assert.Equal([1], changed));
        Assert.Equal("""{"data":{"approval_status":"requested","approval_type":"case_plan"}}""", api.Sent("PATCH", "/api/v2/cases/c1/approvals/case_plan").Single().Body);
        Assert.Equal("pending", record["approval_status_case_plan"]!.GetValue<string>());
        tab.Render();
        Assert.Equal("Pending", tab.Find("[data-testid=approval-status-case_plan]").TextContent.Trim());
        // A pending request is not asked for again, and a caseworker cannot decide it.
        Assert.Empty(tab.FindAll("[data-testid=request-approval-case_plan]"));
        Assert.Empty(tab.FindAll("[data-testid^=approve-]"));
    }

    [Fact]
    public async Task Supervisor_ApprovesAPendingCasePlanWithAComment()
    {
        var api = await StartAsync("supervisor1", ("case", "read"), ("case", "approve_case_plan"));
        api.On("PATCH", "/api/v2/cases/c1/approvals/case_plan", HttpStatusCode.OK, """{"data":{"record":{"id":"c1","approval_status_case_plan":"approved","case_plan_approved":true}}}""");
        var changed = new List<int>();
        var tab = Tab(Pending(), changed);

        Assert.Single(tab.FindAll("[data-testid=approval-row]"));
        tab.Find("#approval-comments-case_plan").Input("Well reasoned");
        tab.Find("[data-testid=approve-case_plan]").Click();

        tab.WaitForAssertion(() => Assert.Equal([1], changed));
        Assert.Equal("""{"data":{"approval_status":"approved","notes":"Well reasoned"}}""", api.Sent("PATCH", "/api/v2/cases/c1/approvals/case_plan").Single().Body);
    }

    [Fact]
    public async Task Supervisor_RejectsAPendingCasePlan()
    {
        var api = await StartAsync("supervisor1", ("case", "read"), ("case", "approve_case_plan"));
        api.On("PATCH", "/api/v2/cases/c1/approvals/case_plan", HttpStatusCode.OK, """{"data":{"record":{"id":"c1","approval_status_case_plan":"rejected"}}}""");
        var tab = Tab(Pending());
        tab.Find("[data-testid=reject-approval-case_plan]").Click();
        tab.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1/approvals/case_plan")));
        Assert.Equal("""{"data":{"approval_status":"rejected"}}""", api.Sent("PATCH", "/api/v2/cases/c1/approvals/case_plan").Single().Body);
    }

    [Fact]
    public async Task Approver_WhoOwnsTheCase_DecidesOnlyWithSelfApprove()
    {
        await StartAsync("cw1", ("case", "read"), ("case", "approve_case_plan"));
        var tab = Tab(Pending());
        Assert.Empty(tab.FindAll("[data-testid=approve-case_plan]"));
        Assert.NotNull(tab.Find("[data-testid=approval-self-case_plan]"));
    }

    [Fact]
    public async Task Approver_WithSelfApprove_DecidesOnTheirOwnCase()
    {
        await StartAsync("cw1", ("case", "read"), ("case", "approve_case_plan"), ("case", "self_approve"));
        var tab = Tab(Pending());
        Assert.NotNull(tab.Find("[data-testid=approve-case_plan]"));
    }

    [Fact]
    public async Task ARefusedDecision_IsShownInWords()
    {
        var api = await StartAsync("supervisor1", ("case", "read"), ("case", "approve_case_plan"));
        api.On("PATCH", "/api/v2/cases/c1/approvals/case_plan", HttpStatusCode.UnprocessableEntity,
            """{"errors":[{"status":422,"message":["approvals.error_no_pending_request"],"detail":"approval_status"}]}""");
        var tab = Tab(Pending());
        tab.Find("[data-testid=approve-case_plan]").Click();
        tab.WaitForAssertion(() => Assert.Equal("There is no pending request to decide.", tab.Find("[data-testid=approval-error]").TextContent.Trim()));
    }

    [Fact]
    public async Task GbvCase_OffersTheActionPlanAndGbvClosure_NotTheCpApprovals()
    {
        await StartAsync("cw1", ("case", "read"), ("case", "request_approval_case_plan"), ("case", "request_approval_action_plan"), ("case", "request_approval_gbv_closure"));
        var tab = Tab(new JsonObject { ["id"] = "c1", ["module_id"] = "primeromodule-gbv", ["owned_by"] = "cw1" });
        Assert.Equal(["request-approval-action_plan", "request-approval-gbv_closure"], tab.FindAll("[data-testid^=request-approval-]").Select(b => b.GetAttribute("data-testid")));
    }
}
