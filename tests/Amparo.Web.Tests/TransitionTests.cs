using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Components;
using Amparo.Web.Services;
using Bunit;

namespace Amparo.Web.Tests;

/// <summary>Assign, refer and transfer dialogs, and the record's Transitions tab with its answers.</summary>
public sealed class TransitionTests : ComponentTest
{
    private const string Recipients = """
        {"data":[
          {"id":2,"user_name":"provider1","full_name":"Nadia Provider","agency":"agency-health","disabled":false},
          {"id":3,"user_name":"provider2","full_name":"Omar Provider","agency":"agency-health","disabled":false},
          {"id":4,"user_name":"cw2","full_name":"Second Caseworker","agency":"agency-unicef","disabled":false}]}
        """;

    private IRenderedComponent<MudBlazor.MudPopoverProvider> _popovers = null!;

    private async Task<FakeApi> StartAsync(string userName, params (string Resource, string Action)[] permissions)
    {
        var api = new FakeApi()
            .On("GET", "/api/v2/users/refer-to", HttpStatusCode.OK, Recipients)
            .On("GET", "/api/v2/users/transfer-to", HttpStatusCode.OK, Recipients)
            .On("GET", "/api/v2/users/assign-to", HttpStatusCode.OK, Recipients)
            .On("GET", "/api/v2/roles", HttpStatusCode.OK, """{"data":[{"id":5,"unique_id":"role-referral","name":"Referred service provider","disabled":false}]}""")
            .On("GET", "/api/v2/lookups", HttpStatusCode.OK, """{"data":[{"unique_id":"lookup-service-type","values":[{"id":"health","display_text":{"en":"Health"}},{"id":"shelter","display_text":{"en":"Shelter"}}]}]}""");
        UseServer(api);
        _popovers = Ctx.Render<MudBlazor.MudPopoverProvider>();
        return await Ctx.SignInAsAsync(api, userName, permissions);
    }

    private static JsonObject Case(bool disclosure, bool services, string module = "primeromodule-cp") => new()
    {
        ["id"] = "c1", ["module_id"] = module, ["owned_by"] = "cw1",
        ["disclosure_other_orgs"] = disclosure, ["consent_for_services"] = services,
    };

    private IRenderedComponent<TransitionDialog> Dialog(string kind, JsonObject record, List<string>? done = null) =>
        Ctx.Render<TransitionDialog>(p => p.Add(c => c.Kind, kind).Add(c => c.RecordKind, RecordKind.Case).Add(c => c.RecordId, "c1")
            .Add(c => c.Record, record).Add(c => c.Done, () => done?.Add(kind)));

    private void Choose(IRenderedComponent<TransitionDialog> dialog, string testId, string text)
    {
        dialog.Find($"[data-testid={testId}]").MouseDown();
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll(".mud-list-item")));
        _popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains(text, StringComparison.Ordinal)).Click();
    }

    [Fact]
    public async Task Referral_SendsTheChosenRecipientServiceAuthorisedRoleAndNotes()
    {
        var api = await StartAsync("cw1", ("case", "read"), ("case", "referral"));
        api.On("POST", "/api/v2/cases/c1/referrals", HttpStatusCode.OK, """{"data":{"id":"t1","type":"Referral","status":"in_progress"}}""");
        var done = new List<string>();
        var dialog = Dialog("referral", Case(disclosure: true, services: true), done);

        dialog.WaitForAssertion(() => Assert.Equal(3, dialog.FindAll("[data-testid^=recipient-]").Count));
        Assert.Empty(dialog.FindAll("[data-testid=consent-warning]"));
        Assert.Contains(api.Calls, c => c.PathAndQuery == "/api/v2/users/refer-to?record_type=case&record_module_id=primeromodule-cp");
        // The search box narrows the users the server offered.
        dialog.Find("#transition-search").Input("nadia");
        dialog.WaitForAssertion(() => Assert.Single(dialog.FindAll("[data-testid^=recipient-]")));
        dialog.Find("[data-testid=recipient-provider1]").Click();
        Choose(dialog, "referral-service", "Health");
        Choose(dialog, "referral-role", "Referred service provider");
        dialog.Find("#transition-notes").Change("Needs a medical check");
        dialog.Find("[data-testid=transition-send]").Click();

        dialog.WaitForAssertion(() => Assert.Equal(["referral"], done));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/referrals").Single().Body)!["data"]!;
        Assert.Equal("provider1", sent["transitioned_to"]!.GetValue<string>());
        Assert.Equal("health", sent["service"]!.GetValue<string>());
        Assert.Equal("role-referral", sent["authorized_role_unique_id"]!.GetValue<string>());
        Assert.Equal("Needs a medical check", sent["notes"]!.GetValue<string>());
        Assert.False(sent["consent_overridden"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Transfer_WithoutConsent_WarnsAndSendsAnOverrideOnlyWhenTheUserTicksIt()
    {
        var api = await StartAsync("cw1", ("case", "read"), ("case", "transfer"), ("case", "consent_override"));
        api.On("POST", "/api/v2/cases/c1/transfers", HttpStatusCode.OK, """{"data":{"id":"t2","type":"Transfer","status":"in_progress"}}""");
        var dialog = Dialog("transfer", Case(disclosure: false, services: true));

        dialog.WaitForAssertion(() => Assert.Equal(3, dialog.FindAll("[data-testid^=recipient-]").Count));
        Assert.Contains("consent to share with other organisations", dialog.Find("[data-testid=consent-warning]").TextContent, StringComparison.Ordinal);
        dialog.Find("[data-testid=recipient-cw2]").Click();
        Assert.True(dialog.Find("[data-testid=transition-send]").HasAttribute("disabled"));

        dialog.Find("[data-testid=override-consent]").Change(true);
        dialog.Find("[data-testid=transition-send]").Click();

        dialog.WaitForAssertion(() => Assert.Single(api.Sent("POST", "/api/v2/cases/c1/transfers")));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/transfers").Single().Body)!["data"]!;
        Assert.Equal("cw2", sent["transitioned_to"]!.GetValue<string>());
        Assert.True(sent["consent_overridden"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Referral_WithoutConsentAndWithoutConsentOverride_OffersNoOverrideAndCannotBeSent()
    {
        await StartAsync("cw1", ("case", "read"), ("case", "referral"));
        var dialog = Dialog("referral", Case(disclosure: true, services: false));

        dialog.WaitForAssertion(() => Assert.Equal(3, dialog.FindAll("[data-testid^=recipient-]").Count));
        dialog.Find("[data-testid=consent-no-override]");
        Assert.Empty(dialog.FindAll("[data-testid=override-consent]"));
        dialog.Find("[data-testid=recipient-provider1]").Click();
        Assert.True(dialog.Find("[data-testid=transition-send]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task GbvReferral_NeedsOnlyConsentForServices()
    {
        await StartAsync("cw1", ("case", "read"), ("case", "referral"));
        var dialog = Dialog("referral", Case(disclosure: false, services: true, module: "primeromodule-gbv"));
        dialog.WaitForAssertion(() => Assert.Equal(3, dialog.FindAll("[data-testid^=recipient-]").Count));
        Assert.Empty(dialog.FindAll("[data-testid=consent-warning]"));
    }

    [Fact]
    public async Task Assign_RefusedByTheServer_SaysWhyInWords()
    {
        var api = await StartAsync("cw1", ("case", "read"), ("case", "assign"));
        api.On("POST", "/api/v2/cases/c1/assigns", HttpStatusCode.UnprocessableEntity,
            """{"errors":[{"status":422,"resource":"/api/v2/cases/c1/assigns","message":["transition.errors.to_user_can_receive"],"detail":"transitioned_to"}]}""");
        var done = new List<string>();
        var dialog = Dialog("assign", Case(disclosure: false, services: false), done);

        dialog.WaitForAssertion(() => Assert.Equal(3, dialog.FindAll("[data-testid^=recipient-]").Count));
        // Assigning needs no consent.
        Assert.Empty(dialog.FindAll("[data-testid=consent-warning]"));
        dialog.Find("[data-testid=recipient-cw2]").Click();
        dialog.Find("[data-testid=transition-send]").Click();

        dialog.WaitForAssertion(() => Assert.Equal("This user may not receive the record.", dialog.Find("[data-testid=transition-error]").TextContent.Trim()));
        Assert.Empty(done);
        Assert.Equal("cw2", JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/assigns").Single().Body)!["data"]!["transitioned_to"]!.GetValue<string>());
    }

    [Fact]
    public async Task ActionsBar_OffersOnlyTheHandOversTheRoleHolds()
    {
        await StartAsync("cw1", ("case", "read"), ("case", "assign_within_agency"), ("case", "referral"), ("incident", "referral"));
        var bar = Ctx.Render<RecordActionsBar>(p => p.Add(c => c.Kind, RecordKind.Case).Add(c => c.RecordId, "c1").Add(c => c.Record, Case(true, true)));
        Assert.NotNull(bar.Find("[data-testid=action-assign]"));
        Assert.NotNull(bar.Find("[data-testid=action-referral]"));
        Assert.Empty(bar.FindAll("[data-testid=action-transfer]"));

        bar.Find("[data-testid=action-referral]").Click();
        bar.WaitForElement("[data-testid=transition-dialog-referral]");

        // Referrals are of cases only.
        var incident = Ctx.Render<RecordActionsBar>(p => p.Add(c => c.Kind, RecordKind.Incident).Add(c => c.RecordId, "i1").Add(c => c.Record, new JsonObject()));
        Assert.Empty(incident.FindAll("[data-testid=action-referral]"));
        Assert.Empty(incident.FindAll("[data-testid=action-assign]"));
    }

    private const string Transitions = """
        {"data":[
          {"id":"r1","type":"Referral","status":"in_progress","record_id":"c1","record_type":"case","transitioned_to":"provider1","transitioned_by":"cw1",
           "service":"health","notes":"Medical check","created_at":"2026-11-20T10:00:00.000Z","user_can_accept_or_reject":true},
          {"id":"r2","type":"Referral","status":"accepted","record_id":"c1","record_type":"case","transitioned_to":"provider1","transitioned_by":"cw1",
           "created_at":"2026-11-19T10:00:00.000Z","user_can_accept_or_reject":false},
          {"id":"t1","type":"Transfer","status":"in_progress","record_id":"c1","record_type":"case","transitioned_to":"cw2","transitioned_by":"cw1",
           "created_at":"2026-11-18T10:00:00.000Z","user_can_accept_or_reject":false},
          {"id":"a1","type":"Assign","status":"done","record_id":"c1","record_type":"case","transitioned_to":"cw1","transitioned_by":"admin",
           "created_at":"2026-11-01T10:00:00.000Z","user_can_accept_or_reject":false}]}
        """;

    private IRenderedComponent<RecordTransitions> Tab(List<int>? changed = null) =>
        Ctx.Render<RecordTransitions>(p => p.Add(c => c.Kind, RecordKind.Case).Add(c => c.RecordId, "c1").Add(c => c.Changed, () => changed?.Add(1)));

    [Fact]
    public async Task Tab_RecipientAcceptsAndRejectsWithAReason_AndCompletesAnAcceptedReferral()
    {
        var api = await StartAsync("provider1", ("case", "read"), ("case", "receive_referral"));
        api.On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, Transitions)
           .On("PATCH", "/api/v2/cases/c1/referrals/r1", HttpStatusCode.OK, """{"data":{"id":"r1","status":"rejected"}}""")
           .On("PATCH", "/api/v2/cases/c1/referrals/r2", HttpStatusCode.OK, """{"data":{"id":"r2","status":"done"}}""");
        var changed = new List<int>();
        var tab = Tab(changed);

        tab.WaitForAssertion(() => Assert.Equal(4, tab.FindAll("[data-testid=transition]").Count));
        Assert.NotNull(tab.Find("[data-testid=accept-r1]"));
        // The transfer is addressed to someone else, the assignment needs no answer; the recipient revokes nothing.
        Assert.Empty(tab.FindAll("[data-testid=accept-t1]"));
        Assert.Empty(tab.FindAll("[data-testid^=revoke-]"));
        Assert.Equal(["done-r2"], tab.FindAll("[data-testid^=done-]").Select(b => b.GetAttribute("data-testid")));
        Assert.Contains("Health", tab.Find("[data-testid=transition-service]").TextContent, StringComparison.Ordinal);

        tab.Find("[data-testid=reject-r1]").Click();
        Assert.True(tab.Find("[data-testid=confirm-reject-r1]").HasAttribute("disabled"));
        tab.Find("#reason-r1").Input("No capacity this month");
        tab.Find("[data-testid=confirm-reject-r1]").Click();
        tab.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1/referrals/r1")));
        var rejected = JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1/referrals/r1").Single().Body)!["data"]!;
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal("No capacity this month", rejected["rejected_reason"]!.GetValue<string>());

        tab.Find("[data-testid=done-r2]").Click();
        tab.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1/referrals/r2")));
        Assert.Equal("done", JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1/referrals/r2").Single().Body)!["data"]!["status"]!.GetValue<string>());
        Assert.Equal([1, 1], changed);
    }

    [Fact]
    public async Task Tab_RecipientAccepts_SendsAccepted()
    {
        var api = await StartAsync("provider1", ("case", "read"));
        api.On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, Transitions)
           .On("PATCH", "/api/v2/cases/c1/referrals/r1", HttpStatusCode.OK, """{"data":{"id":"r1","status":"accepted"}}""");
        var tab = Tab();
        tab.WaitForElement("[data-testid=accept-r1]").Click();
        tab.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1/referrals/r1")));
        Assert.Equal("""{"data":{"status":"accepted"}}""", api.Sent("PATCH", "/api/v2/cases/c1/referrals/r1").Single().Body);
    }

    [Fact]
    public async Task Tab_SenderRevokesReferralsByDeleteAndTransfersByPatch_AndCannotAnswerThem()
    {
        var api = await StartAsync("cw1", ("case", "read"), ("case", "referral"), ("case", "transfer"));
        // The sender is never the one the server lets answer.
        api.On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, Transitions.Replace("\"user_can_accept_or_reject\":true", "\"user_can_accept_or_reject\":false", StringComparison.Ordinal))
           .On("DELETE", "/api/v2/cases/c1/referrals/r1", HttpStatusCode.OK, """{"data":{"id":"r1","status":"revoked"}}""")
           .On("PATCH", "/api/v2/cases/c1/transfers/t1", HttpStatusCode.OK, """{"data":{"id":"t1","status":"revoked"}}""");
        var tab = Tab();

        tab.WaitForAssertion(() => Assert.Equal(4, tab.FindAll("[data-testid=transition]").Count));
        Assert.Empty(tab.FindAll("[data-testid^=accept-]"));
        Assert.Empty(tab.FindAll("[data-testid^=done-]"));
        Assert.Equal(["revoke-r1", "revoke-r2", "revoke-t1"], tab.FindAll("[data-testid^=revoke-]").Select(b => b.GetAttribute("data-testid")));

        tab.Find("[data-testid=revoke-r1]").Click();
        tab.WaitForAssertion(() => Assert.Single(api.Sent("DELETE", "/api/v2/cases/c1/referrals/r1")));
        tab.Find("[data-testid=revoke-t1]").Click();
        tab.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1/transfers/t1")));
        Assert.Equal("""{"data":{"status":"revoked"}}""", api.Sent("PATCH", "/api/v2/cases/c1/transfers/t1").Single().Body);
    }

    [Fact]
    public async Task Tab_AnAnswerTheServerRefuses_IsShownInWords()
    {
        var api = await StartAsync("provider1", ("case", "read"));
        api.On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, Transitions)
           .On("PATCH", "/api/v2/cases/c1/referrals/r1", HttpStatusCode.Forbidden, """{"errors":[{"status":403,"message":"Forbidden"}]}""");
        var tab = Tab();
        tab.WaitForElement("[data-testid=accept-r1]").Click();
        tab.WaitForAssertion(() => Assert.Equal("Your role may not do this on this record.", tab.Find("[data-testid=transitions-error]").TextContent.Trim()));
    }

    [Fact]
    public async Task Tab_OwnerAnswersATransferRequestThroughItsOwnCollection()
    {
        var api = await StartAsync("cw1", ("case", "read"));
        api.On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, """
                {"data":[{"id":"q1","type":"TransferRequest","status":"in_progress","record_id":"c1","transitioned_to":"provider1","transitioned_by":"cw7",
                          "notes":"Family moved","user_can_accept_or_reject":true}]}
                """)
           .On("PATCH", "/api/v2/cases/c1/transfer_requests/q1", HttpStatusCode.OK, """{"data":{"id":"q1","status":"accepted"}}""");
        var tab = Ctx.Render<RecordTransitions>(p => p.Add(c => c.Kind, RecordKind.Case).Add(c => c.RecordId, "c1"));
        tab.WaitForElement("[data-testid=accept-q1]").Click();
        tab.WaitForAssertion(() => Assert.Equal("""{"data":{"status":"accepted"}}""", api.Sent("PATCH", "/api/v2/cases/c1/transfer_requests/q1").Single().Body));
    }

    private const string RemoteTransitions = """
        {"data":[
          {"id":"x1","type":"Referral","status":"in_progress","record_id":"c1","record_type":"case","remote":true,"transitioned_to_remote":"Dr. Haddad",
           "transitioned_by":"cw1","created_at":"2026-11-20T10:00:00.000Z","user_can_accept_or_reject":false},
          {"id":"x2","type":"Transfer","status":"in_progress","record_id":"c1","record_type":"case","remote":true,"transitioned_to_remote":"Partner NGO",
           "transitioned_by":"cw9","created_at":"2026-11-19T10:00:00.000Z","user_can_accept_or_reject":false},
          {"id":"x3","type":"Referral","status":"revoked","record_id":"c1","record_type":"case","remote":true,"transitioned_to_remote":"Clinic",
           "transitioned_by":"cw1","created_at":"2026-11-18T10:00:00.000Z","user_can_accept_or_reject":false}]}
        """;

    [Fact]
    public async Task RemoteReferral_Sender_DownloadsTheHandOverFile_OnlyWithTwoMatchingPasswordsOfEightOrMore()
    {
        var api = await StartAsync("cw1", ("case", "read"), ("case", "referral"));
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 };
        api.On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, RemoteTransitions)
           .OnFile("/api/v2/cases/c1/referrals/x1/export", zip, "application/zip", "POST", "A1B2C3-referral.zip");
        var tab = Tab();

        tab.WaitForAssertion(() => Assert.Equal(3, tab.FindAll("[data-testid=transition]").Count));
        // Only the sender's own, unrevoked hand-over offers a file; another sender's transfer and the revoked referral do not.
        Assert.Equal(["export-x1"], tab.FindAll("[data-testid^=export-x]").Select(b => b.GetAttribute("data-testid")));
        Assert.NotNull(tab.Find("[data-testid=revoke-x1]"));

        tab.Find("[data-testid=export-x1]").Click();
        var confirm = () => tab.Find("[data-testid=confirm-export-x1]");
        Assert.True(confirm().HasAttribute("disabled"));
        tab.Find("#export-password-x1").Input("short");
        tab.Find("#export-repeat-x1").Input("short");
        Assert.True(confirm().HasAttribute("disabled"));
        tab.Find("#export-password-x1").Input("harbour lights 7");
        tab.Find("#export-repeat-x1").Input("harbour lights 8");
        Assert.NotNull(tab.Find("[data-testid=export-mismatch]"));
        Assert.True(confirm().HasAttribute("disabled"));
        tab.Find("#export-repeat-x1").Input("harbour lights 7");
        Assert.False(confirm().HasAttribute("disabled"));
        confirm().Click();

        tab.WaitForAssertion(() => Assert.Single(Ctx.JSInterop.Invocations, i => i.Identifier == "amparo.saveFile"));
        var sent = api.Sent("POST", "/api/v2/cases/c1/referrals/x1/export").Single();
        Assert.Equal("harbour lights 7", JsonNode.Parse(sent.Body)!["data"]!["password"]!.GetValue<string>());
        var save = Ctx.JSInterop.Invocations.Single(i => i.Identifier == "amparo.saveFile");
        Assert.Equal(["A1B2C3-referral.zip", "application/zip", Convert.ToBase64String(zip)], save.Arguments.Cast<string>());
        Assert.Empty(tab.FindAll("[data-testid=export-panel-x1]"));
        Assert.Contains("A1B2C3-referral.zip", tab.Find("[data-testid=export-saved]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteHandOver_ACaseManager_MayMakeTheFileOfAnotherSender_AndARefusalIsShownInWords()
    {
        var api = await StartAsync("mgr1", ("case", "read"), ("case", "manage"));
        api.On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, RemoteTransitions)
           .On("POST", "/api/v2/cases/c1/transfers/x2/export", HttpStatusCode.UnprocessableEntity,
               """{"errors":[{"status":422,"resource":"/api/v2/cases/c1/transfers/x2/export","message":["transition.errors.authorized_role"],"detail":"authorized_role_unique_id"}]}""");
        var tab = Tab();
        tab.WaitForAssertion(() => Assert.Equal(["export-x1", "export-x2"], tab.FindAll("[data-testid^=export-x]").Select(b => b.GetAttribute("data-testid"))));
        // Revoking stays with the sender.
        Assert.Empty(tab.FindAll("[data-testid^=revoke-]"));

        tab.Find("[data-testid=export-x2]").Click();
        tab.Find("#export-password-x2").Input("harbour lights 7");
        tab.Find("#export-repeat-x2").Input("harbour lights 7");
        tab.Find("[data-testid=confirm-export-x2]").Click();
        tab.WaitForAssertion(() => Assert.Contains("This role cannot", tab.Find("[data-testid=transitions-error]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(Ctx.JSInterop.Invocations, i => i.Identifier == "amparo.saveFile");
    }
}
