using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Components;
using Amparo.Web.Services;
using Bunit;

namespace Amparo.Web.Tests;

/// <summary>Referrals and transfers to an organisation outside Amparo: a named recipient, and the external role the export is made under.</summary>
public sealed class RemoteTransitionTests : ComponentTest
{
    private const string Recipients = """{"data":[{"id":2,"user_name":"provider1","full_name":"Nadia Provider","agency":"agency-health","disabled":false}]}""";

    /// <summary>Roles for external hand-overs: one for referrals, one for transfers, one disabled; the local referral roles otherwise.</summary>
    private const string ExternalRoles = """
        {"data":[
          {"id":7,"unique_id":"role-external-referral","name":"External service provider","referral":true,"transfer":false,"disabled":false},
          {"id":8,"unique_id":"role-external-transfer","name":"Receiving agency","referral":false,"transfer":true,"disabled":false},
          {"id":9,"unique_id":"role-old","name":"Retired external role","referral":true,"transfer":true,"disabled":true}]}
        """;

    private IRenderedComponent<MudBlazor.MudPopoverProvider> _popovers = null!;

    private async Task<FakeApi> StartAsync(params (string Resource, string Action)[] permissions)
    {
        var api = new FakeApi()
            .On("GET", "/api/v2/users/refer-to", HttpStatusCode.OK, Recipients)
            .On("GET", "/api/v2/users/transfer-to", HttpStatusCode.OK, Recipients)
            .On("GET", "/api/v2/roles", call => (HttpStatusCode.OK, call.PathAndQuery.Contains("external=true", StringComparison.Ordinal)
                ? ExternalRoles
                : """{"data":[{"id":5,"unique_id":"role-referral","name":"Referred service provider","disabled":false}]}"""))
            .On("GET", "/api/v2/lookups", HttpStatusCode.OK, """{"data":[{"unique_id":"lookup-service-type","values":[{"id":"health","display_text":{"en":"Health"}}]}]}""");
        UseServer(api);
        _popovers = Ctx.Render<MudBlazor.MudPopoverProvider>();
        return await Ctx.SignInAsAsync(api, "cw1", permissions);
    }

    private static JsonObject Case(bool consent = true) => new()
    {
        ["id"] = "c1", ["module_id"] = "primeromodule-cp", ["owned_by"] = "cw1",
        ["disclosure_other_orgs"] = consent, ["consent_for_services"] = consent,
    };

    private IRenderedComponent<TransitionDialog> Dialog(string kind, JsonObject record, List<string> done) =>
        Ctx.Render<TransitionDialog>(p => p.Add(c => c.Kind, kind).Add(c => c.RecordKind, RecordKind.Case).Add(c => c.RecordId, "c1")
            .Add(c => c.Record, record).Add(c => c.Done, () => done.Add(kind)));

    /// <summary>Opens the dialog, waits for the recipients, and turns the remote switch on.</summary>
    private static void GoRemote(IRenderedComponent<TransitionDialog> dialog)
    {
        dialog.WaitForAssertion(() => Assert.Single(dialog.FindAll("[data-testid^=recipient-]")));
        dialog.Find("[data-testid=transition-remote]").Change(true);
        dialog.WaitForElement("[data-testid=remote-role]");
        // The local recipients give way to the remote fields.
        Assert.Empty(dialog.FindAll("[data-testid^=recipient-]"));
    }

    private List<string> RoleChoices(IRenderedComponent<TransitionDialog> dialog)
    {
        dialog.Find("[data-testid=remote-role]").MouseDown();
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll(".mud-list-item")));
        return [.. _popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())];
    }

    private void ChooseRole(string name) =>
        _popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains(name, StringComparison.Ordinal)).Click();

    [Fact]
    public async Task RemoteReferral_SendsRemoteTrueTheRecipientOrganisationAndTheReferralRole()
    {
        var api = await StartAsync(("case", "read"), ("case", "referral"));
        api.On("POST", "/api/v2/cases/c1/referrals", HttpStatusCode.OK, """{"data":{"id":"t1","type":"Referral","status":"in_progress","remote":true}}""");
        var done = new List<string>();
        var dialog = Dialog("referral", Case(), done);

        GoRemote(dialog);
        Assert.Contains(api.Calls, c => c.PathAndQuery.StartsWith("/api/v2/roles?external=true", StringComparison.Ordinal));
        dialog.Find("#transition-remote-name").Input("Dr Salma Aziz");
        dialog.Find("#transition-remote-agency").Input("Mercy Clinic");
        dialog.Find("#transition-notes").Change("Urgent check-up");
        // Only enabled roles marked for referrals are offered for a referral.
        Assert.Equal(["External service provider"], RoleChoices(dialog));
        ChooseRole("External service provider");
        dialog.Find("[data-testid=transition-send]").Click();

        dialog.WaitForAssertion(() => Assert.Equal(["referral"], done));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/referrals").Single().Body)!["data"]!.AsObject();
        Assert.True(sent["remote"]!.GetValue<bool>());
        Assert.Equal("Dr Salma Aziz", sent["transitioned_to_remote"]!.GetValue<string>());
        Assert.Equal("Mercy Clinic", sent["transitioned_to_agency"]!.GetValue<string>());
        Assert.Equal("role-external-referral", sent["authorized_role_unique_id"]!.GetValue<string>());
        Assert.Equal("Urgent check-up", sent["notes"]!.GetValue<string>());
        Assert.False(sent.ContainsKey("transitioned_to"));
    }

    [Fact]
    public async Task RemoteReferral_WithoutRole_IsNotSent()
    {
        var api = await StartAsync(("case", "read"), ("case", "referral"));
        var dialog = Dialog("referral", Case(), []);

        GoRemote(dialog);
        dialog.Find("#transition-remote-name").Input("Dr Salma Aziz");
        Assert.True(dialog.Find("[data-testid=transition-send]").HasAttribute("disabled"));
        dialog.Find("[data-testid=transition-send]").Click();
        Assert.Empty(api.Sent("POST", "/api/v2/cases/c1/referrals"));
    }

    [Fact]
    public async Task RemoteReferral_WithoutRecipientName_IsNotSent()
    {
        var api = await StartAsync(("case", "read"), ("case", "referral"));
        var dialog = Dialog("referral", Case(), []);

        GoRemote(dialog);
        RoleChoices(dialog);
        ChooseRole("External service provider");
        dialog.Find("#transition-remote-name").Input("   ");
        Assert.True(dialog.Find("[data-testid=transition-send]").HasAttribute("disabled"));
        Assert.Empty(api.Sent("POST", "/api/v2/cases/c1/referrals"));
    }

    [Fact]
    public async Task RemoteTransfer_OffersTransferRoles_AndWithoutConsentNeedsTheSameOverride()
    {
        var api = await StartAsync(("case", "read"), ("case", "transfer"), ("case", "consent_override"));
        api.On("POST", "/api/v2/cases/c1/transfers", HttpStatusCode.OK, """{"data":{"id":"t2","type":"Transfer","status":"in_progress","remote":true}}""");
        var done = new List<string>();
        var dialog = Dialog("transfer", Case(consent: false), done);

        GoRemote(dialog);
        Assert.NotNull(dialog.Find("[data-testid=consent-warning]"));
        dialog.Find("#transition-remote-name").Input("Regional office");
        Assert.Equal(["Receiving agency"], RoleChoices(dialog));
        ChooseRole("Receiving agency");
        Assert.True(dialog.Find("[data-testid=transition-send]").HasAttribute("disabled"));
        dialog.Find("[data-testid=override-consent]").Change(true);
        dialog.Find("[data-testid=transition-send]").Click();

        dialog.WaitForAssertion(() => Assert.Equal(["transfer"], done));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/transfers").Single().Body)!["data"]!.AsObject();
        Assert.True(sent["remote"]!.GetValue<bool>());
        Assert.Equal("Regional office", sent["transitioned_to_remote"]!.GetValue<string>());
        Assert.Equal("role-external-transfer", sent["authorized_role_unique_id"]!.GetValue<string>());
        Assert.True(sent["consent_overridden"]!.GetValue<bool>());
        Assert.False(sent.ContainsKey("transitioned_to_agency"));
    }

    [Fact]
    public async Task RemoteSwitch_IsNotOfferedForAssignments()
    {
        var api = await StartAsync(("case", "read"), ("case", "assign"));
        api.On("GET", "/api/v2/users/assign-to", HttpStatusCode.OK, Recipients);
        var dialog = Dialog("assign", Case(), []);
        dialog.WaitForAssertion(() => Assert.Single(dialog.FindAll("[data-testid^=recipient-]")));
        Assert.Empty(dialog.FindAll("[data-testid=transition-remote]"));
    }
}
