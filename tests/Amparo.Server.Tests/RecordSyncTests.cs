using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>An HTTP endpoint inside the test that records what is pushed to it and answers with a chosen status.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    public ConcurrentQueue<(string? Signature, byte[] Body)> Received { get; } = new();
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;
    public string Url { get; }

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        // Any host name, so a push addressed to "localhost" is taken too.
        _listener.Prefixes.Add($"http://*:{port}/hook/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.Enqueue((context.Request.Headers["X-Amparo-Signature"], body.ToArray()));
            context.Response.StatusCode = (int)Answer;
            context.Response.Close();
        }
    }

    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Received.Count < count && DateTime.UtcNow < until) await Task.Delay(50);
        return Received.Count >= count;
    }

    public void Dispose() => _listener.Close();
}

/// <summary>External sync: a case pushed to the tenant's webhook, as the caller may read it, signed with the webhook's secret.</summary>
public abstract class RecordSyncTests(AmparoServer server) : ServerTests(server)
{
    private const string Secret = "a-test-secret-that-is-long-enough-0123456789";

    private async Task<HttpClient> UserAsync(string scope, string permissions, string forms = """{"basic_identity":"rw"}""")
    {
        var role = "role-sync-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        return server.As(user, password);
    }

    /// <summary>Leaves exactly one webhook for cases, pointing at <paramref name="url"/>.</summary>
    private async Task<string> OnlyWebhookAsync(string url)
    {
        var admin = server.AsAdmin();
        await RemoveWebhooksAsync();
        var created = (await (await admin.PostAsync("/api/v2/webhooks", Http.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["url"] = url, ["events"] = new JsonArray("case.create", "case.update"), ["secret"] = Secret },
        }))).OkBodyAsync())["data"]!;
        return created["id"].Str();
    }

    private async Task RemoveWebhooksAsync()
    {
        var admin = server.AsAdmin();
        foreach (var hook in (await (await admin.GetAsync("/api/v2/webhooks")).OkBodyAsync())["data"]!.AsArray())
            await (await admin.DeleteAsync($"/api/v2/webhooks/{hook!["id"].Str()}")).OkBodyAsync();
    }

    private static async Task<JsonNode> WaitForStatusAsync(HttpClient client, string caseId, string status)
    {
        JsonNode record = new JsonObject();
        for (var i = 0; i < 200; i++)
        {
            record = (await (await client.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
            if (record["sync_status"]?.GetValue<string>() == status) return record;
            await Task.Delay(100);
        }
        Assert.Fail($"sync_status never became {status}: {record["sync_status"]}");
        return record;
    }

    [Fact]
    public async Task Sync_PushesTheCaseAsTheCallerMayReadIt_SignedWithTheWebhookSecret_AndMarksItSent()
    {
        using var receiver = new WebhookReceiver();
        await OnlyWebhookAsync(receiver.Url);
        var record = await server.AsAdmin().CreateCaseAsync("""{"name_first":"Zoe","family_details_section":[{"relation_name":"Hidden Parent"}]}""");
        var syncer = await UserAsync("all", """{"case":["read","sync_external"]}""");

        var answer = (await (await syncer.PostAsync($"/api/v2/cases/{record["id"].Str()}/sync", null)).OkBodyAsync())["data"]!.AsObject();
        Assert.Equal(["record_id", "record_type", "sync_status", "synced_at"], answer.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(record["id"].Str(), answer["record_id"].Str());
        Assert.Equal("case", answer["record_type"].Str());
        Assert.Equal("sending", answer["sync_status"].Str());

        Assert.True(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(20)), "nothing was pushed");
        var (signature, body) = receiver.Received.Single();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        Assert.Equal(expected, signature);
        var pushed = JsonNode.Parse(body)!["data"]!.AsObject();
        Assert.Equal(record["id"].Str(), pushed["record_id"].Str());
        Assert.Equal("case", pushed["record_type"].Str());
        Assert.Equal("Zoe", pushed["name_first"].Str());
        // The caller's role has no family-details form: what they cannot read is not sent either.
        Assert.False(pushed.ContainsKey("family_details_section"));

        var synced = await WaitForStatusAsync(syncer, record["id"].Str(), "sent");
        Assert.Equal(answer["synced_at"].Str(), synced["synced_at"].Str());
        Assert.DoesNotContain(server.Logs, line => line.Contains(Secret, StringComparison.Ordinal) || line.Contains("Hidden Parent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhooks_IntoTheServersOwnNetwork_AreRefused_WhenSavedAndWhenPushed_UnlessTheOperatorAllowsThem()
    {
        await using var strict = server.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateNetworks", "false"));
        var admin = strict.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AmparoServer.AdminPassword}")));
        await RemoveWebhooksAsync();
        foreach (var url in new[] { "http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/hook", "https://[::1]/hook",
                     "http://192.168.0.10/hook", "http://[::ffff:172.16.0.1]/hook", "http://0.0.0.0/hook" })
        {
            var refused = await (await admin.PostAsync("/api/v2/webhooks", Http.Json(new JsonObject
            {
                ["data"] = new JsonObject { ["url"] = url, ["events"] = new JsonArray("case.update"), ["secret"] = Secret },
            }))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("url", refused["detail"].Str());
        }

        // A name is only known at push time: "localhost" is saved, and the push is refused when it resolves to loopback.
        using var receiver = new WebhookReceiver();
        var byName = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        await (await admin.PostAsync("/api/v2/webhooks", Http.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["url"] = byName, ["events"] = new JsonArray("case.update"), ["secret"] = Secret },
        }))).OkBodyAsync();
        var record = await admin.CreateCaseAsync("""{"name_first":"Lea"}""");
        await (await admin.PostAsync($"/api/v2/cases/{record["id"].Str()}/sync", null)).OkBodyAsync();
        await WaitForStatusAsync(admin, record["id"].Str(), "failed");
        Assert.Empty(receiver.Received);

        // The same push from a server that allows private networks (the test default) arrives.
        await (await server.AsAdmin().PostAsync($"/api/v2/cases/{record["id"].Str()}/sync", null)).OkBodyAsync();
        Assert.True(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(20)), "nothing was pushed");
        await RemoveWebhooksAsync();
    }

    [Fact]
    public async Task Sync_WhenTheReceiverKeepsFailing_RetriesThenMarksTheCaseFailed()
    {
        using var receiver = new WebhookReceiver { Answer = HttpStatusCode.InternalServerError };
        await OnlyWebhookAsync(receiver.Url);
        var record = await server.AsAdmin().CreateCaseAsync("""{"name_first":"Ines"}""");
        var syncer = await UserAsync("all", """{"case":["read","sync_external"]}""");
        await (await syncer.PostAsync($"/api/v2/cases/{record["id"].Str()}/sync", null)).OkBodyAsync();
        await WaitForStatusAsync(syncer, record["id"].Str(), "failed");
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task Sync_WithoutThePermission_OrACaseOutOfScope_IsForbidden_AndUnknownCasesNotFound()
    {
        using var receiver = new WebhookReceiver();
        await OnlyWebhookAsync(receiver.Url);
        var record = await server.AsAdmin().CreateCaseAsync("""{"name_first":"Olga"}""");
        var url = $"/api/v2/cases/{record["id"].Str()}/sync";
        await (await (await UserAsync("all", """{"case":["read","write"]}""")).PostAsync(url, null)).ErrorAsync(HttpStatusCode.Forbidden);
        await (await (await UserAsync("self", """{"case":["read","sync_external"]}""")).PostAsync(url, null)).ErrorAsync(HttpStatusCode.Forbidden);
        await (await server.AsAdmin().PostAsync($"/api/v2/cases/{Guid.NewGuid()}/sync", null)).ErrorAsync(HttpStatusCode.NotFound);
        Assert.Null((await (await server.AsAdmin().GetAsync($"/api/v2/cases/{record["id"].Str()}")).OkBodyAsync())["data"]!["sync_status"]);
        // A sync allowed after them: pushes leave in order, so once it arrived, a push the refused calls queued would have too.
        await (await server.AsAdmin().PostAsync(url, null)).OkBodyAsync();
        await WaitForStatusAsync(server.AsAdmin(), record["id"].Str(), "sent");
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Sync_WithNoWebhookForCases_IsRefusedWith422()
    {
        await RemoveWebhooksAsync();
        var admin = server.AsAdmin();
        var record = await admin.CreateCaseAsync("""{"name_first":"Pia"}""");
        var error = await (await admin.PostAsync($"/api/v2/cases/{record["id"].Str()}/sync", null)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("No webhook is configured to receive cases", error["message"].Str());
        // A webhook for other events does not take cases.
        await (await admin.PostAsync("/api/v2/webhooks", Http.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["url"] = "https://example.org/hook", ["events"] = new JsonArray("incident.update"), ["secret"] = Secret },
        }))).OkBodyAsync();
        await (await admin.PostAsync($"/api/v2/cases/{record["id"].Str()}/sync", null)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Null((await (await admin.GetAsync($"/api/v2/cases/{record["id"].Str()}")).OkBodyAsync())["data"]!["sync_status"]);
    }

    [Fact]
    public async Task Webhooks_CreateListShowUpdateDelete_NeverShowTheSecret()
    {
        var manager = await UserAsync("all", """{"webhook":["read","create","write","delete"]}""");
        var created = (await (await manager.PostAsync("/api/v2/webhooks", Http.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["url"] = "https://example.org/amparo", ["events"] = new JsonArray("case.update"), ["secret"] = Secret,
                ["metadata"] = new JsonObject { ["system"] = "registry" },
            },
        }))).OkBodyAsync())["data"]!.AsObject();
        Assert.Equal(["events", "id", "metadata", "role_unique_id", "url"], created.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        var id = created["id"].Str();
        Assert.Equal("registry", created["metadata"]!["system"].Str());
        Assert.Contains((await (await manager.GetAsync("/api/v2/webhooks")).OkBodyAsync())["data"]!.AsArray(), w => w!["id"].Str() == id);
        var updated = (await (await manager.PatchJsonAsync($"/api/v2/webhooks/{id}", """{"data":{"url":"https://example.org/v2","events":["case.update","case.create"]}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("https://example.org/v2", updated["url"].Str());
        Assert.Equal(2, updated["events"]!.AsArray().Count);
        var shown = await (await manager.GetAsync($"/api/v2/webhooks/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, shown, StringComparison.Ordinal);
        Assert.Equal(id, (await (await manager.DeleteAsync($"/api/v2/webhooks/{id}")).OkBodyAsync())["data"]!["id"].Str());
        await (await manager.GetAsync($"/api/v2/webhooks/{id}")).ErrorAsync(HttpStatusCode.NotFound);

        var clientId = Guid.NewGuid().ToString();
        var withId = await manager.PostAsync("/api/v2/webhooks", Http.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["id"] = clientId, ["url"] = "https://example.org/x", ["events"] = new JsonArray("case.update"), ["secret"] = Secret },
        }));
        Assert.Equal(HttpStatusCode.NoContent, withId.StatusCode);
        await (await manager.DeleteAsync($"/api/v2/webhooks/{clientId}")).OkBodyAsync();
    }

    [Fact]
    public async Task Webhooks_WithoutPermission_AreForbidden_AndBadInputIsRefusedWith422()
    {
        var reader = await UserAsync("all", """{"webhook":["read"]}""");
        await (await reader.PostAsync("/api/v2/webhooks", Http.Json("""{"data":{"url":"https://example.org","events":["case.update"],"secret":"x"}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
        await (await (await UserAsync("all", """{"case":["read"]}""")).GetAsync("/api/v2/webhooks")).ErrorAsync(HttpStatusCode.Forbidden);

        var admin = server.AsAdmin();
        async Task<string> RefusedAsync(string data) =>
            (await (await admin.PostAsync("/api/v2/webhooks", Http.Json("{\"data\":" + data + "}"))).ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"].Str();
        Assert.Equal("url", await RefusedAsync($$"""{"url":"ftp://example.org","events":["case.update"],"secret":"{{Secret}}"}"""));
        Assert.Equal("url", await RefusedAsync($$"""{"events":["case.update"],"secret":"{{Secret}}"}"""));
        Assert.Equal("secret", await RefusedAsync("""{"url":"https://example.org","events":["case.update"]}"""));
        Assert.Equal("secret", await RefusedAsync("""{"url":"https://example.org","events":["case.update"],"secret":"short"}"""));
        Assert.Equal("events", await RefusedAsync($$"""{"url":"https://example.org","events":[],"secret":"{{Secret}}"}"""));
        Assert.Equal("role_unique_id", await RefusedAsync($$"""{"url":"https://example.org","events":["case.update"],"secret":"{{Secret}}","role_unique_id":"no-such-role"}"""));
        await (await admin.GetAsync("/api/v2/webhooks/not-an-id")).ErrorAsync(HttpStatusCode.NotFound);
        await (await admin.PatchJsonAsync($"/api/v2/webhooks/{Guid.NewGuid()}", """{"data":{"url":"https://example.org"}}""")).ErrorAsync(HttpStatusCode.NotFound);
    }
}

public sealed class RecordSyncTests_Sqlite(SqliteServer server) : RecordSyncTests(server), IClassFixture<SqliteServer>;

public sealed class RecordSyncTests_Postgres(PostgresServer server) : RecordSyncTests(server), IClassFixture<PostgresServer>;
