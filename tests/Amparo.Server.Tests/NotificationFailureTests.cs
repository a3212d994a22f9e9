using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>A port nothing listens on: connections to it are refused at once.</summary>
internal static class ClosedPort
{
    public static int Take()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

/// <summary>Notifications configured, but the mail server and the push service are both unreachable.</summary>
public sealed class UnreachableDeliverySqliteServer : SqliteServer
{
    public NotificationKit Kit { get; } = new();
    public int DeadPort { get; } = ClosedPort.Take();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Kit.Configure(builder);
        builder.UseSetting("Mail:Port", DeadPort.ToString(CultureInfo.InvariantCulture));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Kit.Dispose();
    }
}

public sealed class UnreachableDeliveryPostgresServer : PostgresServer
{
    public NotificationKit Kit { get; } = new();
    public int DeadPort { get; } = ClosedPort.Take();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Kit.Configure(builder);
        builder.UseSetting("Mail:Port", DeadPort.ToString(CultureInfo.InvariantCulture));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Kit.Dispose();
    }
}

/// <summary>Delivery failures stay in the background: the request succeeds, and the log says what failed but not to whom.</summary>
public abstract class NotificationFailureTests(AmparoServer server, int deadPort) : ServerTests(server)
{
    [Fact]
    public async Task UnreachableMailAndPush_DoNotFailTheApproval_AndAreLoggedWithoutAddresses()
    {
        // The failed delivery is what this test provokes, and the server must report it.
        server.ExpectErrors("Sending mail failed");
        var group = await server.CreateGroupAsync();
        var ownerRole = "role-fail-owner-" + Guid.NewGuid().ToString("N")[..8];
        var managerRole = "role-fail-manager-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(ownerRole, "self", """{"case":["read","create","write","request_approval_case_plan"]}""");
        await server.DefineRoleAsync(managerRole, "group", """{"case":["read","approve_case_plan"]}""");
        var (owner, ownerPassword) = await server.CreateUserAsync("self", groupIds: [group], roleUniqueId: ownerRole);
        var (manager, managerPassword) = await server.CreateUserAsync("group", groupIds: [group], roleUniqueId: managerRole);
        var email = $"{manager}@unreachable.test";
        await server.InTenantAsync(null, async (db, _) =>
        {
            (await db.Roles.SingleAsync(r => r.UniqueId == managerRole)).IsManager = true;
            var m = await db.Users.SingleAsync(u => u.UserName == manager);
            m.Email = email;
            m.ReceiveWebpush = true;
            await db.SaveChangesAsync();
        });
        var url = $"http://127.0.0.1:{deadPort}/push/{Guid.NewGuid():N}";
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        await (await server.As(manager, managerPassword).PostAsync("/api/v2/webpush/subscriptions", Http.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["notification_url"] = url,
                ["p256dh"] = NotificationKit.Base64Url([0x04, .. q.X!, .. q.Y!]),
                ["auth"] = NotificationKit.Base64Url(RandomNumberGenerator.GetBytes(16)),
            },
        }))).OkBodyAsync();
        var client = server.As(owner, ownerPassword);
        var id = (await client.CreateCaseAsync("""{"name_first":"Nadia"}"""))["id"].Str();

        var record = (await (await client.PatchJsonAsync($"/api/v2/cases/{id}/approvals/case_plan", """{"data":{"approval_status":"requested"}}""")).OkBodyAsync())["data"]!["record"]!;
        Assert.Equal("pending", record["approval_status_case_plan"].Str());

        var failures = 0;
        for (var i = 0; i < 100 && failures == 0; i++)
        {
            await Task.Delay(100);
            await server.InTenantAsync(null, async (db, _) =>
                failures = (await db.Set<Amparo.Server.Features.Notifications.WebPushSubscription>().SingleAsync(s => s.NotificationUrl == url)).FailedAttempts);
        }
        Assert.Equal(1, failures);
        Assert.Contains(server.Logs, l => l.Contains("Sending mail failed", StringComparison.Ordinal));
        Assert.Contains(server.Logs, l => l.Contains("Web push to subscription", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs, l => l.Contains(email, StringComparison.Ordinal) || l.Contains(url, StringComparison.Ordinal) || l.Contains("Nadia", StringComparison.Ordinal));
    }
}

public sealed class NotificationFailureTests_Sqlite(UnreachableDeliverySqliteServer server)
    : NotificationFailureTests(server, server.DeadPort), IClassFixture<UnreachableDeliverySqliteServer>;

public sealed class NotificationFailureTests_Postgres(UnreachableDeliveryPostgresServer server)
    : NotificationFailureTests(server, server.DeadPort), IClassFixture<UnreachableDeliveryPostgresServer>;
