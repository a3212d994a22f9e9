using System.Net;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Web.Pages;
using Amparo.Web.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

/// <summary>Referring a case for one of its services, from the service's row on the record page.</summary>
public sealed class ServiceReferralTests : ComponentTest
{
    private static readonly FormSection ServiceRows = new()
    {
        UniqueId = "services_section",
        ParentForm = "case",
        IsNested = true,
        Fields =
        [
            new TextField { Name = "service_type", DisplayName = LocalizedText.Of("Service") },
            new TextField { Name = "service_implementing_agency_individual", DisplayName = LocalizedText.Of("Provider") },
        ],
    };

    private static readonly FormSection ServicesForm = new()
    {
        UniqueId = "services",
        ParentForm = "case",
        Name = LocalizedText.Of("Services"),
        Fields = [new SubformField { Name = "services_section", DisplayName = LocalizedText.Of("Services"), SubformSectionId = "services_section" }],
    };

    private const string Recipients = """
        {"data":[
          {"id":2,"user_name":"provider1","full_name":"Nadia Provider","agency":"agency-health","disabled":false},
          {"id":3,"user_name":"provider2","full_name":"Omar Provider","agency":"agency-health","disabled":false}]}
        """;

    /// <summary>A saved service row naming its provider, and one typed but not saved yet (no unique_id).</summary>
    private const string CaseWithServices = """
        {"data":{"id":"c1","case_id_display":"C-77","module_id":"primeromodule-cp","owned_by":"admin","status":"open","record_state":true,
                 "disclosure_other_orgs":true,"consent_for_services":true,
                 "services_section":[{"unique_id":"s1","service_type":"health","service_implementing_agency_individual":"provider2"},
                                     {"service_type":"shelter"}]}}
        """;

    private async Task<FakeApi> StartAsync(params (string Resource, string Action)[] permissions)
    {
        var list = FakeApi.PermissionList(permissions);
        var api = new FakeApi()
            .On("GET", "/api/v2/users/1", HttpStatusCode.OK, $$"""{"data":{"id":1,"user_name":"admin","permitted_form":{"services":"r"},"permissions":{"list":[{{list}}]} } }""")
            .On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, CaseWithServices)
            .On("GET", "/api/v2/forms", HttpStatusCode.OK,
                new JsonObject { ["data"] = new JsonArray([.. new[] { ServicesForm, ServiceRows }.Select(f => (JsonNode?)FormJson.WriteForm(f))]) }.ToJsonString())
            .On("GET", "/api/v2/users/refer-to", HttpStatusCode.OK, Recipients)
            .On("GET", "/api/v2/roles", HttpStatusCode.OK, """{"data":[]}""")
            .On("GET", "/api/v2/lookups", HttpStatusCode.OK, """{"data":[{"unique_id":"lookup-service-type","values":[{"id":"health","display_text":{"en":"Health care"}}]}]}""")
            .On("POST", "/api/v2/cases/c1/referrals", HttpStatusCode.OK, """{"data":{"id":"t1","type":"Referral","status":"in_progress"}}""");
        UseServer(api);
        Ctx.Services.AddScoped<IRecordStore, OnlineRecordStore>();
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("cases/c1");
        return api;
    }

    [Fact]
    public async Task ServiceRowRefer_OpensAReferralCarryingServiceRecordId_WithTheRowsProviderChosen()
    {
        var api = await StartAsync(("case", "read"), ("case", "referral_from_service"));
        var page = Ctx.Render<CaseEdit>(p => p.Add(c => c.Id, "c1"));

        // Only the saved row can be referred: the server finds the service by its unique_id.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid^=refer-service-]")));
        page.Find("[data-testid=refer-service-s1]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid^=recipient-]").Count));
        // The service is the row's, shown in words and not to be changed.
        Assert.Equal("Health care", page.Find("#referral-service-fixed").GetAttribute("value"));
        Assert.True(page.Find("#referral-service-fixed").HasAttribute("readonly"));
        Assert.Empty(page.FindAll("[data-testid=referral-service]"));
        page.Find("[data-testid=transition-send]").Click();

        page.WaitForAssertion(() => Assert.Single(api.Sent("POST", "/api/v2/cases/c1/referrals")));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/referrals").Single().Body)!["data"]!;
        Assert.Equal("s1", sent["service_record_id"]!.GetValue<string>());
        Assert.Equal("health", sent["service"]!.GetValue<string>());
        Assert.Equal("provider2", sent["transitioned_to"]!.GetValue<string>());
        // The record is read again after the referral, as for the other hand-overs.
        page.WaitForAssertion(() => Assert.Equal(2, api.Sent("GET", "/api/v2/cases/c1").Count()));
    }

    [Fact]
    public async Task ServiceRowRefer_WithOnlyThePlainReferralPermission_RefersTheServiceWithoutServiceRecordId()
    {
        var api = await StartAsync(("case", "read"), ("case", "referral"));
        var page = Ctx.Render<CaseEdit>(p => p.Add(c => c.Id, "c1"));

        page.WaitForElement("[data-testid=refer-service-s1]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid^=recipient-]").Count));
        page.Find("[data-testid=transition-send]").Click();

        page.WaitForAssertion(() => Assert.Single(api.Sent("POST", "/api/v2/cases/c1/referrals")));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/referrals").Single().Body)!["data"]!.AsObject();
        Assert.Equal("health", sent["service"]!.GetValue<string>());
        Assert.False(sent.ContainsKey("service_record_id"));
    }

    [Fact]
    public async Task ServiceRows_OfferNoReferral_WithoutAReferralPermission()
    {
        await StartAsync(("case", "read"));
        var page = Ctx.Render<CaseEdit>(p => p.Add(c => c.Id, "c1"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=row-services_section-]")));
        Assert.Empty(page.FindAll("[data-testid^=refer-service-]"));
    }
}
