using System.Net;

namespace Amparo.Server.Tests;

/// <summary>
/// Users' notification settings through the users API, and web push on a server without VAPID keys (disabled, as
/// Primero reports it).
/// </summary>
public abstract class NotificationSettingsTests(AmparoServer server) : ServerTests(server)
{
    [Fact]
    public async Task NotificationSettings_DefaultToMailOnPushOff_AndUsersChangeTheirOwn()
    {
        var (user, password) = await server.CreateUserAsync();
        var id = await server.UserIdAsync(user);
        var client = server.As(user, password);
        var shown = (await (await client.GetAsync($"/api/v2/users/{id}")).OkBodyAsync())["data"]!;
        Assert.True(shown["send_mail"]!.GetValue<bool>());
        Assert.False(shown["receive_webpush"]!.GetValue<bool>());
        Assert.Empty(shown["settings"]!["notifications"]!["send_mail"]!.AsObject());

        var updated = (await (await client.PatchJsonAsync($"/api/v2/users/{id}",
            """{"data":{"send_mail":false,"receive_webpush":true,"settings":{"notifications":{"send_mail":{"approval_request":false},"receive_webpush":{"transfer_request":true}}}}}""")).OkBodyAsync())["data"]!;
        Assert.False(updated["send_mail"]!.GetValue<bool>());
        Assert.True(updated["receive_webpush"]!.GetValue<bool>());
        // A later change of one kind keeps the others.
        await (await client.PatchJsonAsync($"/api/v2/users/{id}", """{"data":{"settings":{"notifications":{"send_mail":{"approval_response":true}}}}}""")).OkBodyAsync();
        var again = (await (await client.GetAsync($"/api/v2/users/{id}")).OkBodyAsync())["data"]!["settings"]!["notifications"]!;
        Assert.False(again["send_mail"]!["approval_request"]!.GetValue<bool>());
        Assert.True(again["send_mail"]!["approval_response"]!.GetValue<bool>());
        Assert.True(again["receive_webpush"]!["transfer_request"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"send_mail":"no"}""", "send_mail")]
    [InlineData("""{"receive_webpush":1}""", "receive_webpush")]
    [InlineData("""{"settings":{"notifications":{"send_mail":{"approval_request":"off"}}}}""", "settings")]
    [InlineData("""{"settings":{"notifications":{"send_mail":{"birthday":false}}}}""", "settings")]
    [InlineData("""{"settings":{"notifications":{"carrier_pigeon":{"approval_request":false}}}}""", "settings")]
    [InlineData("""{"settings":{"theme":"dark"}}""", "settings")]
    public async Task MalformedNotificationSettings_Are422_AndChangeNothing(string data, string attribute)
    {
        var (user, password) = await server.CreateUserAsync();
        var id = await server.UserIdAsync(user);
        var client = server.As(user, password);
        var error = await (await client.PatchJsonAsync($"/api/v2/users/{id}", $$"""{"data":{{data}}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(attribute, error["detail"].Str());
        var shown = (await (await client.GetAsync($"/api/v2/users/{id}")).OkBodyAsync())["data"]!;
        Assert.True(shown["send_mail"]!.GetValue<bool>());
        Assert.Empty(shown["settings"]!["notifications"]!["send_mail"]!.AsObject());
    }

    [Fact]
    public async Task WithoutVapidKeys_WebPushIsDisabled_AndTheSubscriptionEndpointsAre404()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var config = (await (await client.GetAsync("/api/v2/webpush/config")).OkBodyAsync())["data"]!;
        Assert.False(config["enabled"]!.GetValue<bool>());
        Assert.Null(config["vapid_public"]);
        Assert.False((await (await server.CreateClient().GetAsync("/api/v2/primero")).OkBodyAsync())["data"]!["webpush_enabled"]!.GetValue<bool>());
        await (await client.GetAsync("/api/v2/webpush/subscriptions")).ErrorAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync("/api/v2/webpush/subscriptions", Http.Json("""{"data":{"notification_url":"https://push.example/a","auth":"YQ","p256dh":"Yg"}}""")))
            .ErrorAsync(HttpStatusCode.NotFound);
        await (await client.PatchJsonAsync("/api/v2/webpush/subscriptions/current", """{"data":{"notification_url":"https://push.example/a"}}"""))
            .ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WebPushEndpoints_NeedASignedInUser()
    {
        var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v2/webpush/config")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v2/webpush/subscriptions")).StatusCode);
    }
}

public sealed class NotificationSettingsTests_Sqlite(SqliteServer server) : NotificationSettingsTests(server), IClassFixture<SqliteServer>;

public sealed class NotificationSettingsTests_Postgres(PostgresServer server) : NotificationSettingsTests(server), IClassFixture<PostgresServer>;
