using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Components;
using Amparo.Web.Pages;
using Bunit;

namespace Amparo.Web.Tests;

/// <summary>Notification settings and web push in the profile, the Incoming page and the notification centre.</summary>
public sealed class NotificationTests : ComponentTest
{
    private async Task<FakeApi> StartAsync(params (string Resource, string Action)[] permissions)
    {
        var api = new FakeApi();
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        Ctx.Render<MudBlazor.MudSnackbarProvider>();
        return await Ctx.SignInAsAsync(api, "provider1", permissions);
    }

    private const string Me = """
        {"data":{"id":1,"user_name":"provider1","send_mail":true,"receive_webpush":false,
                 "settings":{"notifications":{"send_mail":{"approval_response":false},"receive_webpush":{}}}}}
        """;

    [Fact]
    public async Task Settings_ShowTheUsersChoices_AndSaveSendsSwitchesAndKinds()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/users/1", HttpStatusCode.OK, Me)
           .On("GET", "/api/v2/webpush/config", HttpStatusCode.OK, """{"data":{"enabled":false,"pause_after":null,"vapid_public":null}}""")
           .On("PATCH", "/api/v2/users/1", HttpStatusCode.OK, Me);
        var settings = Ctx.Render<NotificationSettings>();

        settings.WaitForElement("[data-testid=save-notifications]");
        Assert.False(settings.Find("[data-testid=kind-send_mail-approval_response]").HasAttribute("checked"));
        Assert.True(settings.Find("[data-testid=kind-send_mail-approval_request]").HasAttribute("checked"));
        // A channel switched off leaves its kinds greyed out.
        Assert.True(settings.Find("[data-testid=kind-receive_webpush-approval_request]").HasAttribute("disabled"));

        settings.Find("[data-testid=kind-send_mail-transfer_request]").Change(false);
        settings.Find("[data-testid=save-notifications]").Click();

        settings.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/users/1")));
        var sent = JsonNode.Parse(api.Sent("PATCH", "/api/v2/users/1").Single().Body)!["data"]!;
        Assert.True(sent["send_mail"]!.GetValue<bool>());
        Assert.False(sent["receive_webpush"]!.GetValue<bool>());
        var mail = sent["settings"]!["notifications"]!["send_mail"]!;
        Assert.False(mail["approval_response"]!.GetValue<bool>());
        Assert.False(mail["transfer_request"]!.GetValue<bool>());
        Assert.True(mail["approval_request"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Settings_WhenTheServerHasNoPush_SaySoAndOfferNoSubscription()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/users/1", HttpStatusCode.OK, Me)
           .On("GET", "/api/v2/webpush/config", HttpStatusCode.OK, """{"data":{"enabled":false}}""");
        var settings = Ctx.Render<NotificationSettings>();
        settings.WaitForElement("[data-testid=push-not-offered]");
        Assert.Empty(settings.FindAll("[data-testid=push-enable]"));
    }

    [Fact]
    public async Task Settings_EnablingPush_SubscribesTheBrowserWithTheServersKeyAndRegistersIt()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/users/1", HttpStatusCode.OK, Me)
           .On("GET", "/api/v2/webpush/config", HttpStatusCode.OK, """{"data":{"enabled":true,"pause_after":7,"vapid_public":"BKEY"}}""")
           .On("POST", "/api/v2/webpush/subscriptions", HttpStatusCode.OK, """{"data":{"id":3,"user_id":1,"disabled":false,"notification_url":"https://push.example/abc"}}""");
        Ctx.JSInterop.Setup<string?>("amparoPush.state").SetResult("");
        Ctx.JSInterop.Setup<JsonObject?>("amparoPush.subscribe", "BKEY")
            .SetResult(JsonNode.Parse("""{"endpoint":"https://push.example/abc","p256dh":"P256","auth":"AUTH"}""")!.AsObject());
        var settings = Ctx.Render<NotificationSettings>();

        settings.WaitForElement("[data-testid=push-enable]").Click();

        settings.WaitForElement("[data-testid=push-on]");
        Assert.Equal("""{"data":{"notification_url":"https://push.example/abc","p256dh":"P256","auth":"AUTH"}}""",
            api.Sent("POST", "/api/v2/webpush/subscriptions").Single().Body);
    }

    [Fact]
    public async Task Settings_DisablingPush_UnsubscribesAndDisablesTheServersSubscription()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/users/1", HttpStatusCode.OK, Me)
           .On("GET", "/api/v2/webpush/config", HttpStatusCode.OK, """{"data":{"enabled":true,"vapid_public":"BKEY"}}""")
           .On("PATCH", "/api/v2/webpush/subscriptions/current", HttpStatusCode.OK, """{"data":{"id":3,"disabled":true}}""");
        Ctx.JSInterop.Setup<string?>("amparoPush.state").SetResult("https://push.example/abc");
        Ctx.JSInterop.Setup<string?>("amparoPush.unsubscribe").SetResult("https://push.example/abc");
        var settings = Ctx.Render<NotificationSettings>();

        settings.WaitForElement("[data-testid=push-disable]").Click();

        settings.WaitForElement("[data-testid=push-enable]");
        Assert.Equal("""{"data":{"notification_url":"https://push.example/abc","disabled":true}}""",
            api.Sent("PATCH", "/api/v2/webpush/subscriptions/current").Single().Body);
    }

    [Fact]
    public async Task Nav_OffersIncomingAndTheNotificationCentre_WithTheAlertsOfReadableTypesOnTheBell()
    {
        var api = await StartAsync(("case", "read"), ("incident", "read"));
        api.On("GET", "/api/v2/alerts", HttpStatusCode.OK, """{"data":{"case":3,"incident":1,"tracing_request":4}}""");
        var nav = Ctx.Render<RecordNav>();

        nav.WaitForAssertion(() => Assert.Equal("4", nav.Find("[data-testid=alert-badge-all] .mud-badge").TextContent.Trim()));
        Assert.Equal("incoming", nav.Find("[data-testid=nav-incoming]").GetAttribute("href"));
        Assert.Equal("notifications", nav.Find("[data-testid=nav-notifications]").GetAttribute("href"));
    }

    [Fact]
    public async Task Nav_WithoutCaseRead_OffersNoIncoming()
    {
        var api = await StartAsync(("incident", "read"));
        api.On("GET", "/api/v2/alerts", HttpStatusCode.OK, """{"data":{"case":0,"incident":0}}""");
        var nav = Ctx.Render<RecordNav>();
        Assert.Empty(nav.FindAll("[data-testid=nav-incoming]"));
        Assert.NotNull(nav.Find("[data-testid=nav-notifications]"));
    }

    [Fact]
    public async Task Incoming_ListsOnlyTheTransitionsTheUserMayAnswer_EachOpeningItsCase()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, """
                {"data":[{"id":"c1","case_id_display":"abc1234"},{"id":"c2","case_id_display":"def5678"}],"metadata":{"total":2}}
                """)
           .On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, """
                {"data":[{"id":"r1","type":"Referral","status":"in_progress","record_id":"c1","transitioned_to":"provider1","transitioned_by":"cw1","user_can_accept_or_reject":true},
                         {"id":"r0","type":"Referral","status":"done","record_id":"c1","transitioned_to":"provider1","transitioned_by":"cw1","user_can_accept_or_reject":false}]}
                """)
           .On("GET", "/api/v2/cases/c2/transitions", HttpStatusCode.OK, """
                {"data":[{"id":"t1","type":"Transfer","status":"in_progress","record_id":"c2","transitioned_to":"cw9","transitioned_by":"provider1","user_can_accept_or_reject":false}]}
                """);
        var page = Ctx.Render<Incoming>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=incoming-item]")));
        Assert.Contains("abc1234", page.Find("[data-testid=incoming-item]").TextContent, StringComparison.Ordinal);
        Assert.Equal("cases/c1", page.Find("[data-testid=incoming-open]").GetAttribute("href"));
        var list = api.Sent("GET", "/api/v2/cases").Single().PathAndQuery;
        Assert.Contains("current_alert_types=referral,transfer,transfer_request", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incoming_WhenTheListFails_SaysSo()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.InternalServerError, "{}");
        var page = Ctx.Render<Incoming>();
        page.WaitForElement("[data-testid=incoming-error]");
        Assert.Empty(page.FindAll("[data-testid=incoming-empty]"));
    }

    [Fact]
    public async Task NotificationCentre_ShowsRecordsWithAlertsAndWhatTheyAreAbout()
    {
        var api = await StartAsync(("case", "read"), ("incident", "read"));
        api.On("GET", "/api/v2/alerts", HttpStatusCode.OK, """{"data":{"case":1,"incident":0,"tracing_request":0}}""")
           .On("GET", "/api/v2/cases", HttpStatusCode.OK, """{"data":[{"id":"c1","case_id_display":"abc1234"}],"metadata":{"total":1}}""")
           .On("GET", "/api/v2/cases/c1/alerts", HttpStatusCode.OK, """
                {"data":[{"alert_for":"referral","type":"referral","date":"2026-11-20","unique_id":"a1"},{"alert_for":"approval","type":"case_plan","date":"2026-11-21","unique_id":"a2"}]}
                """);
        var page = Ctx.Render<Notifications>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=alert-record]")));
        Assert.Equal(["Referral", "Approval"], page.FindAll("[data-testid=alert-type]").Select(c => c.TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=alerts-incident]"));
        Assert.Equal("cases/c1", page.Find("[data-testid=alert-record] a").GetAttribute("href"));
    }
}
