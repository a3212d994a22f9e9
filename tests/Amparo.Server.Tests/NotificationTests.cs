using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Amparo.Server.Tests;

/// <summary>
/// Notifications of approvals: e-mail to the SMTP sink and web push to a fake push service, in the recipient's
/// language, with no case content, never to the actor, and only as each user's settings allow.
/// </summary>
public abstract class NotificationTests(AmparoServer server, NotificationKit kit) : ServerTests(server)
{
    private static readonly string[] Ids = ["assessment", "case_plan", "closure", "action_plan", "gbv_closure"];
    private static string RequestAll => string.Join(",", Ids.Select(i => $"\"request_approval_{i}\""));
    private static string ApproveAll => string.Join(",", Ids.Select(i => $"\"approve_{i}\""));

    private sealed record Person(HttpClient Client, string UserName, int Id, string Email);

    private async Task<Person> PersonAsync(string permissions, string scope, IEnumerable<int> groups, bool manager, string locale = "en")
    {
        var role = "role-notify-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions);
        var (user, password) = await server.CreateUserAsync(scope, groupIds: groups, roleUniqueId: role);
        var email = $"{user}@mail.test";
        var id = 0;
        await server.InTenantAsync(null, async (db, _) =>
        {
            (await db.Roles.SingleAsync(r => r.UniqueId == role)).IsManager = manager;
            var u = await db.Users.SingleAsync(x => x.UserName == user);
            u.Email = email;
            u.Locale = locale;
            id = u.Id;
            await db.SaveChangesAsync();
        });
        return new Person(server.As(user, password), user, id, email);
    }

    private Task<Person> CaseworkerAsync(int group, string locale = "en") =>
        PersonAsync($$"""{"case":["read","create","write",{{RequestAll}}]}""", "self", [group], manager: false, locale);

    private Task<Person> ManagerAsync(int group, string locale = "en") =>
        PersonAsync($$"""{"case":["read",{{ApproveAll}}]}""", "group", [group], manager: true, locale);

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition(), $"timed out waiting for {what}");
    }

    private List<MimeMessage> MailTo(Person p) =>
        [.. kit.Sink.Messages.Where(m => m.To == p.Email).Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))];

    private static Task<HttpResponseMessage> ApprovalAsync(Person p, string caseId, string approvalId, string status) =>
        p.Client.PatchJsonAsync($"/api/v2/cases/{caseId}/approvals/{approvalId}", $$$"""{"data":{"approval_status":"{{{status}}}","notes":"Private note about Zaynab"}}""");

    private static async Task<(string Id, string ShortId)> CaseAsync(Person owner, string name)
    {
        var created = await owner.Client.CreateCaseAsync($$"""{"name_first":"{{name}}"}""");
        return (created["id"].Str(), created["short_id"].Str());
    }

    [Fact]
    public async Task ApprovalRequest_MailsTheOwnersManagers_InTheirLanguage_WithOnlyTheShortIdAndALink_AndTheResponseMailsTheOwner()
    {
        var group = await server.CreateGroupAsync();
        var owner = await CaseworkerAsync(group);
        var french = await ManagerAsync(group, "fr");
        var arabic = await ManagerAsync(group, "ar");
        var elsewhere = await ManagerAsync(await server.CreateGroupAsync());
        var notManager = await PersonAsync($$"""{"case":["read",{{ApproveAll}}]}""", "group", [group], manager: false);
        var (id, shortId) = await CaseAsync(owner, "Zaynabsecret");

        await (await ApprovalAsync(owner, id, "case_plan", "requested")).OkBodyAsync();
        await WaitAsync(() => MailTo(french).Count == 1 && MailTo(arabic).Count == 1, "the managers' mail");

        var fr = MailTo(french).Single();
        Assert.Equal($"Approbation demandée : dossier {shortId}", fr.Subject);
        Assert.Contains($"Une approbation a été demandée pour dossier {shortId}.", fr.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://amparo.test/cases/{id}", fr.TextBody, StringComparison.Ordinal);
        var ar = MailTo(arabic).Single();
        Assert.Equal($"طلب موافقة: الحالة {shortId}", ar.Subject);
        Assert.Contains("تم طلب موافقة", ar.TextBody, StringComparison.Ordinal);
        foreach (var message in new[] { fr, ar })
        {
            Assert.DoesNotContain("Zaynab", message.TextBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Zaynab", message.Subject, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(owner.UserName, message.TextBody, StringComparison.Ordinal);
        }

        await (await ApprovalAsync(french, id, "case_plan", "approved")).OkBodyAsync();
        await WaitAsync(() => MailTo(owner).Count == 1, "the owner's mail");
        var response = MailTo(owner).Single();
        Assert.Equal($"Approval response: case {shortId}", response.Subject);
        Assert.DoesNotContain("Zaynab", response.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Private note", response.TextBody, StringComparison.Ordinal);

        // The queue is worked in order: everything queued before the owner's mail has been dealt with.
        Assert.Empty(MailTo(elsewhere));
        Assert.Empty(MailTo(notManager));
        Assert.Single(MailTo(french));
        Assert.DoesNotContain(server.Logs, l => l.Contains("Zaynab", StringComparison.OrdinalIgnoreCase) || l.Contains(french.Email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsersWhoTurnedMailOff_OrOffForTheKind_GetNone()
    {
        var group = await server.CreateGroupAsync();
        var owner = await CaseworkerAsync(group);
        var masterOff = await ManagerAsync(group);
        var kindOff = await ManagerAsync(group);
        var otherKindOff = await ManagerAsync(group);
        await (await masterOff.Client.PatchJsonAsync($"/api/v2/users/{masterOff.Id}", """{"data":{"send_mail":false}}""")).OkBodyAsync();
        await (await kindOff.Client.PatchJsonAsync($"/api/v2/users/{kindOff.Id}",
            """{"data":{"settings":{"notifications":{"send_mail":{"approval_request":false}}}}}""")).OkBodyAsync();
        await (await otherKindOff.Client.PatchJsonAsync($"/api/v2/users/{otherKindOff.Id}",
            """{"data":{"settings":{"notifications":{"send_mail":{"approval_response":false}}}}}""")).OkBodyAsync();
        var (id, _) = await CaseAsync(owner, "Yasmin");

        await (await ApprovalAsync(owner, id, "assessment", "requested")).OkBodyAsync();
        await WaitAsync(() => MailTo(otherKindOff).Count == 1, "the mail of the manager who only turned off responses");
        await (await ApprovalAsync(otherKindOff, id, "assessment", "rejected")).OkBodyAsync();
        await WaitAsync(() => MailTo(owner).Count == 1, "the owner's mail");

        Assert.Empty(MailTo(masterOff));
        Assert.Empty(MailTo(kindOff));
        // The decider is never told of their own decision.
        Assert.Single(MailTo(otherKindOff));
    }

    [Fact]
    public async Task Notifications_OfAnotherTenant_AreDeliveredFromThatTenantsData()
    {
        var host = $"t{Guid.NewGuid():N}"[..12] + ".notify.test";
        await server.AddTenantAsync(host);
        var group = 0;
        await server.InTenantAsync(host, async (db, _) =>
        {
            var g = new Amparo.Server.Features.UserGroups.UserGroup { UniqueId = "usergroup-t2", Name = "Team" };
            db.UserGroups.Add(g);
            db.Roles.Add(new Amparo.Server.Features.Roles.Role { UniqueId = "role-t2-worker", Name = "Worker", GroupPermission = "self", Permissions = $$"""{"case":["read","create","write",{{RequestAll}}]}""", FormSectionReadWrite = """{"basic_identity":"rw"}""" });
            db.Roles.Add(new Amparo.Server.Features.Roles.Role { UniqueId = "role-t2-manager", Name = "Manager", GroupPermission = "group", IsManager = true, Permissions = $$"""{"case":["read",{{ApproveAll}}]}""" });
            await db.SaveChangesAsync();
            group = g.Id;
        });
        var (ownerName, ownerPassword) = await server.CreateUserAsync("self", host, groupIds: [group], roleUniqueId: "role-t2-worker");
        var (managerName, _) = await server.CreateUserAsync("group", host, groupIds: [group], roleUniqueId: "role-t2-manager");
        var email = $"{managerName}@tenant2.test";
        await server.InTenantAsync(host, async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == managerName)).Email = email;
            await db.SaveChangesAsync();
        });
        var owner = server.As(ownerName, ownerPassword);
        owner.BaseAddress = new Uri($"http://{host}/");
        var created = await owner.CreateCaseAsync("""{"name_first":"Rana"}""");

        await (await owner.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}/approvals/case_plan", """{"data":{"approval_status":"requested"}}""")).OkBodyAsync();
        await WaitAsync(() => kit.Sink.Messages.Any(m => m.To == email), "the other tenant's manager's mail");
        Assert.Contains(created["short_id"].Str(), kit.Sink.Messages.Single(m => m.To == email).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebPushConfig_GivesTheVapidPublicKey()
    {
        var (user, password) = await server.CreateUserAsync();
        var config = (await (await server.As(user, password).GetAsync("/api/v2/webpush/config")).OkBodyAsync())["data"]!;
        Assert.True(config["enabled"]!.GetValue<bool>());
        Assert.Equal(kit.VapidPublic, config["vapid_public"].Str());
        Assert.Equal(1440, config["pause_after"]!.GetValue<int>());
        Assert.True((await (await server.CreateClient().GetAsync("/api/v2/primero")).OkBodyAsync())["data"]!["webpush_enabled"]!.GetValue<bool>());
    }

    private static JsonObject SubscriptionBody(string url)
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["notification_url"] = url,
                ["p256dh"] = NotificationKit.Base64Url([0x04, .. q.X!, .. q.Y!]),
                ["auth"] = NotificationKit.Base64Url(RandomNumberGenerator.GetBytes(16)),
            },
        };
    }

    [Fact]
    public async Task Subscriptions_AreCreatedOrRefreshedByUrl_ListedOnlyToTheirUser_AndDisabledThroughCurrent()
    {
        var (user, password) = await server.CreateUserAsync();
        var (other, otherPassword) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var url = $"{kit.Push.BaseUrl}/push/{Guid.NewGuid():N}";

        var created = (await (await client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(SubscriptionBody(url)))).OkBodyAsync())["data"]!;
        Assert.Equal(url, created["notification_url"].Str());
        Assert.False(created["disabled"]!.GetValue<bool>());
        Assert.Equal(await server.UserIdAsync(user), created["user_id"]!.GetValue<int>());
        Assert.Null(created["auth"]);
        Assert.Null(created["p256dh"]);
        var again = (await (await client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(SubscriptionBody(url)))).OkBodyAsync())["data"]!;
        Assert.Equal(created["id"]!.GetValue<int>(), again["id"]!.GetValue<int>());

        // The keys are kept protected, never as sent.
        var sent = SubscriptionBody(url);
        await (await client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(sent))).OkBodyAsync();
        await server.InTenantAsync(null, async (db, _) =>
        {
            var row = await db.Set<Amparo.Server.Features.Notifications.WebPushSubscription>().SingleAsync(s => s.NotificationUrl == url);
            Assert.NotEqual(sent["data"]!["auth"].Str(), row.Auth);
            Assert.DoesNotContain(sent["data"]!["p256dh"].Str(), row.P256dh, StringComparison.Ordinal);
        });

        foreach (var missing in new[] { "notification_url", "auth", "p256dh" })
        {
            var body = SubscriptionBody($"{kit.Push.BaseUrl}/push/{Guid.NewGuid():N}");
            body["data"]!.AsObject().Remove(missing);
            var error = await (await client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(body))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(missing, error["detail"].Str());
        }
        await (await client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(SubscriptionBody("file:///etc/passwd")))).ErrorAsync(HttpStatusCode.UnprocessableEntity);

        var mine = (await (await client.GetAsync("/api/v2/webpush/subscriptions")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(url, Assert.Single(mine)!["notification_url"].Str());
        var theirs = server.As(other, otherPassword);
        Assert.Empty((await (await theirs.GetAsync($"/api/v2/webpush/subscriptions?notification_url={Uri.EscapeDataString(url)}")).OkBodyAsync())["data"]!.AsArray());
        await (await theirs.PatchJsonAsync("/api/v2/webpush/subscriptions/current", $$$"""{"data":{"notification_url":"{{{url}}}","disabled":true}}""")).ErrorAsync(HttpStatusCode.NotFound);

        var touched = (await (await client.PatchJsonAsync("/api/v2/webpush/subscriptions/current", $$$"""{"data":{"notification_url":"{{{url}}}"}}""")).OkBodyAsync())["data"]!;
        Assert.False(touched["disabled"]!.GetValue<bool>());
        var disabled = (await (await client.PatchJsonAsync("/api/v2/webpush/subscriptions/current", $$$"""{"data":{"notification_url":"{{{url}}}","disabled":true}}""")).OkBodyAsync())["data"]!;
        Assert.True(disabled["disabled"]!.GetValue<bool>());
        await (await client.PatchJsonAsync("/api/v2/webpush/subscriptions/current", $$$"""{"data":{"notification_url":"{{{url}}}"}}""")).ErrorAsync(HttpStatusCode.NotFound);
        await (await client.PatchJsonAsync("/api/v2/webpush/subscriptions/current", """{"data":{"notification_url":"https://push.example/unknown"}}""")).ErrorAsync(HttpStatusCode.NotFound);

        Assert.Empty((await (await client.GetAsync("/api/v2/webpush/subscriptions")).OkBodyAsync())["data"]!.AsArray());
        var byUrl = (await (await client.GetAsync($"/api/v2/webpush/subscriptions?notification_url={Uri.EscapeDataString(url)}")).OkBodyAsync())["data"]!.AsArray();
        Assert.True(Assert.Single(byUrl)!["disabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ApprovalRequest_IsPushedEncrypted_WithVapidAuth_ToManagersWhoTurnedPushOn()
    {
        var group = await server.CreateGroupAsync();
        var owner = await CaseworkerAsync(group);
        var pushOn = await ManagerAsync(group);
        var pushOff = await ManagerAsync(group);
        await (await pushOn.Client.PatchJsonAsync($"/api/v2/users/{pushOn.Id}", """{"data":{"receive_webpush":true}}""")).OkBodyAsync();
        var onPath = $"/push/{Guid.NewGuid():N}";
        var offPath = $"/push/{Guid.NewGuid():N}";
        await (await pushOn.Client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(SubscriptionBody(kit.Push.BaseUrl + onPath)))).OkBodyAsync();
        await (await pushOff.Client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(SubscriptionBody(kit.Push.BaseUrl + offPath)))).OkBodyAsync();
        var (id, shortId) = await CaseAsync(owner, "Warda");

        await (await ApprovalAsync(owner, id, "closure", "requested")).OkBodyAsync();
        await WaitAsync(() => kit.Push.Requests.Any(r => r.Path == onPath), "the push");
        await WaitAsync(() => MailTo(pushOff).Count == 1, "the mail of the manager without push");

        var push = kit.Push.Requests.Single(r => r.Path == onPath);
        Assert.DoesNotContain(kit.Push.Requests, r => r.Path == offPath);
        Assert.Equal("aes128gcm", push.ContentEncoding);
        Assert.False(string.IsNullOrEmpty(push.Ttl));
        // RFC 8188 header: salt (16), record size (4), key id length (1) = the server's ephemeral P-256 key (65).
        Assert.Equal(65, push.Body[20]);
        Assert.Equal(0x04, push.Body[21]);
        var text = Encoding.UTF8.GetString(push.Body);
        Assert.DoesNotContain(shortId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Warda", text, StringComparison.Ordinal);

        // VAPID (RFC 8292): "vapid t=<JWT signed with the server's key>, k=<its public key>".
        var auth = push.Authorization!;
        Assert.StartsWith("vapid ", auth, StringComparison.Ordinal);
        var parts = auth["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(kit.VapidPublic, parts["k"]);
        var jwt = parts["t"].Split('.');
        var claims = JsonNode.Parse(NotificationKit.FromBase64Url(jwt[1]))!;
        // The audience is the push service's origin; Lib.Net.Http.WebPush leaves out a non-default port, which real
        // push services (https on 443) never have, so this local one is named by scheme and host.
        var service = new Uri(kit.Push.BaseUrl);
        Assert.Equal($"{service.Scheme}://{service.Host}", claims["aud"].Str());
        Assert.Equal(NotificationKit.Subject, claims["sub"].Str());
        Assert.True(claims["exp"]!.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var point = NotificationKit.FromBase64Url(kit.VapidPublic);
        using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), NotificationKit.FromBase64Url(jwt[2]), HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task ASubscriptionThatFailsThreeTimes_IsDisabled()
    {
        var group = await server.CreateGroupAsync();
        var owner = await CaseworkerAsync(group);
        var manager = await ManagerAsync(group);
        await (await manager.Client.PatchJsonAsync($"/api/v2/users/{manager.Id}", """{"data":{"receive_webpush":true}}""")).OkBodyAsync();
        var url = $"{kit.Push.BaseUrl}/gone/{Guid.NewGuid():N}";
        await (await manager.Client.PostAsync("/api/v2/webpush/subscriptions", Http.Json(SubscriptionBody(url)))).OkBodyAsync();
        var (id, _) = await CaseAsync(owner, "Samar");

        async Task<JsonNode> SubscriptionAsync() =>
            (await (await manager.Client.GetAsync($"/api/v2/webpush/subscriptions?notification_url={Uri.EscapeDataString(url)}")).OkBodyAsync())["data"]![0]!;

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await (await ApprovalAsync(owner, id, Ids[attempt], "requested")).OkBodyAsync();
            await WaitAsync(() => MailTo(manager).Count == attempt, $"notification {attempt}");
            await WaitAsync(() => kit.Push.Requests.Count(r => url.EndsWith(r.Path, StringComparison.Ordinal)) == attempt, $"push attempt {attempt}");
            if (attempt < 3) Assert.False((await SubscriptionAsync())["disabled"]!.GetValue<bool>());
        }
        for (var i = 0; i < 50 && !(await SubscriptionAsync())["disabled"]!.GetValue<bool>(); i++) await Task.Delay(100);
        Assert.True((await SubscriptionAsync())["disabled"]!.GetValue<bool>());
        Assert.DoesNotContain(server.Logs, l => l.Contains(url, StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- transitions

    /// <summary>A user in the CP module with these case permissions and an e-mail address.</summary>
    private async Task<Person> TransitionPersonAsync(string actions)
    {
        var person = await PersonAsync($$"""{"case":[{{actions}}]}""", "self", [], manager: false);
        await server.InTenantAsync(null, async (db, _) =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == person.Id);
            var role = await db.Roles.SingleAsync(r => r.Id == user.RoleId);
            role.ModuleUniqueIds = """["primeromodule-cp"]""";
            // Consent is asked on the registration form.
            role.FormSectionReadWrite = """{"basic_identity":"rw","registration_details":"rw"}""";
            await db.SaveChangesAsync();
        });
        return person;
    }

    [Fact]
    public async Task Referral_MailsTheRecipient_AndTheAnswerMailsTheSender_WithoutCaseContent()
    {
        var sender = await TransitionPersonAsync("\"read\",\"create\",\"write\",\"referral\"");
        var provider = await TransitionPersonAsync("\"read\",\"write\",\"receive_referral\"");
        var created = await sender.Client.CreateCaseAsync("""{"name_first":"Hibasecret","consent_for_services":true,"disclosure_other_orgs":true}""");
        var id = created["id"].Str();

        var referral = (await (await sender.Client.PostAsync($"/api/v2/cases/{id}/referrals", Http.Json($$$"""{"data":{"transitioned_to":"{{{provider.UserName}}}","notes":"Hiba needs support"}}"""))).OkBodyAsync())["data"]!;
        await WaitAsync(() => MailTo(provider).Count == 1, "the recipient's mail");
        var mail = MailTo(provider).Single();
        Assert.Contains(created["short_id"].Str(), mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Hiba", mail.TextBody, StringComparison.OrdinalIgnoreCase);

        await (await provider.Client.PatchJsonAsync($"/api/v2/cases/{id}/referrals/{referral["id"].Str()}", """{"data":{"status":"accepted"}}""")).OkBodyAsync();
        await WaitAsync(() => MailTo(sender).Count == 1, "the sender's mail");
        Assert.DoesNotContain("Hiba", MailTo(sender).Single().TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Single(MailTo(provider)); // nobody hears of their own answer
    }

    [Fact]
    public async Task Hole_TransferRequest_NotifiesTheOwnerOnce_NotOnEverySave()
    {
        var owner = await TransitionPersonAsync("\"read\",\"create\",\"write\",\"receive_transfer\"");
        var requester = await TransitionPersonAsync("\"read\",\"request_transfer\",\"search_owned_by_others\",\"receive_transfer\"");
        var id = (await owner.Client.CreateCaseAsync("""{"name_first":"Nour","consent_for_services":true,"disclosure_other_orgs":true}"""))["id"].Str();

        var request = (await (await requester.Client.PostAsync($"/api/v2/cases/{id}/transfer_requests", Http.Json("""{"data":{"notes":"I know the family"}}"""))).OkBodyAsync())["data"]!;
        await WaitAsync(() => MailTo(owner).Count == 1, "the owner's mail");
        await (await owner.Client.PatchJsonAsync($"/api/v2/cases/{id}/transfer_requests/{request["id"].Str()}", """{"data":{"status":"accepted"}}""")).OkBodyAsync();
        // The accepted request becomes a transfer to the requester, who hears of it once, as its recipient.
        await WaitAsync(() => MailTo(requester).Count == 1, "the requester's mail");
        var transfer = (await (await owner.Client.GetAsync($"/api/v2/cases/{id}/transfers")).OkBodyAsync())["data"]![0]!;
        await (await requester.Client.PatchJsonAsync($"/api/v2/cases/{id}/transfers/{transfer["id"].Str()}", """{"data":{"status":"accepted"}}""")).OkBodyAsync();
        await WaitAsync(() => MailTo(owner).Count == 2, "the owner's mail about the accepted transfer");
        Assert.Single(MailTo(requester));
        Assert.Equal(2, MailTo(owner).Count);
    }
}

public sealed class NotificationTests_Sqlite(NotifySqliteServer server) : NotificationTests(server, server.Kit), IClassFixture<NotifySqliteServer>;

public sealed class NotificationTests_Postgres(NotifyPostgresServer server) : NotificationTests(server, server.Kit), IClassFixture<NotifyPostgresServer>;
