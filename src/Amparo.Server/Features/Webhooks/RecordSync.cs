using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Webhooks;

/// <summary>One push waiting to be sent: the body is fixed when it is asked for, as the asking user could read the record.</summary>
internal sealed record SyncJob(Guid TenantId, Guid RecordId, DateTimeOffset RequestedAt, string Body, IReadOnlyList<Guid> WebhookIds);

internal sealed class SyncQueue
{
    private readonly Channel<SyncJob> _channel = Channel.CreateUnbounded<SyncJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(SyncJob job) => _channel.Writer.TryWrite(job);

    public ChannelReader<SyncJob> Reader => _channel.Reader;
}

/// <summary>
/// <c>POST /api/v2/cases/:id/sync</c> (Primero §2.2, §15): sends the case to every webhook of the tenant that takes a
/// <c>case.*</c> event. The body is the record as the caller may read it (their scope, their forms), so a push never
/// carries what its sender could not see; it leaves in the background, and the case shows <c>synced_at</c> and
/// <c>sync_status</c> (<c>sending</c>, then <c>sent</c> or <c>failed</c>).
/// </summary>
internal static class RecordSync
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string SignatureHeader = "X-Amparo-Signature";

    public static IEndpointRouteBuilder MapRecordSyncEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/cases/{id}/sync", SyncAsync).RequirePermission(RecordEndpoints.Cases, "sync_external").WithTags("cases")
            .WithSummary("Push the case to the tenant's webhooks: R({record_id, record_type, synced_at, sync_status:\"sending\"}); 422 when no webhook takes cases.");
        return api;
    }

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of the body under the webhook's secret, for the receiver to check.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static async Task<IResult> SyncAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, SyncQueue queue, TenantContext tenant, TimeProvider clock, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var hooks = await db.Set<WebhookEntity>().AsNoTracking().Select(w => new { w.Id, w.Events }).ToListAsync(http.RequestAborted);
        var targets = hooks.Where(h => JsonNode.Parse(h.Events) is JsonArray events
            && events.Any(e => e is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith("case.", StringComparison.Ordinal))).Select(h => h.Id).ToList();
        if (targets.Count == 0) return ApiErrors.Unprocessable(http, "No webhook is configured to receive cases", "webhooks");

        var access = await permissions.ForAsync(CurrentUser.From(http), record!.ModuleId, RecordEndpoints.Cases, http.RequestAborted) ?? RecordEndpoints.NoFields;
        var data = RecordWire.ToJson(record, access);
        data["record_id"] = record.Id.ToString();
        data["record_type"] = RecordEndpoints.Cases;
        data["hostname"] = http.Request.Host.Host;
        // Whole milliseconds, so the value compared when the push ends reads back equal from either database.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        // Not a change of the record's answers: no new version, no history; the status is bookkeeping about it.
        await db.Records.Where(r => r.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.SyncedAt, now).SetProperty(r => r.SyncStatus, Sending), http.RequestAborted);
        queue.Enqueue(new SyncJob(tenant.TenantId, record.Id, now, new JsonObject { ["data"] = data }.ToJsonString(), targets));
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["record_id"] = record.Id.ToString(),
                ["record_type"] = RecordEndpoints.Cases,
                ["synced_at"] = ApiTime.Format(now),
                ["sync_status"] = Sending,
            },
        });
    }
}

/// <summary>
/// Sends queued pushes: each webhook gets the body signed with its own secret, tried up to <c>Webhooks:Attempts</c> times
/// (default 3) with <c>Webhooks:RetryDelay</c> (default 2 s) growing between tries; any 2xx is delivered. The record is
/// then marked <c>sent</c> if every webhook took it, else <c>failed</c> — unless a newer sync has started meanwhile.
/// Logs name the webhook and the outcome, never the secret or the body.
/// </summary>
internal sealed class SyncSender(SyncQueue queue, IServiceScopeFactory scopes, IHttpClientFactory clients, IDataProtectionProvider protection,
    IConfiguration configuration, ILogger<SyncSender> log) : BackgroundService
{
    public const string ClientName = "webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempts = Math.Max(1, configuration.GetValue("Webhooks:Attempts", 3));
        var delay = configuration.GetValue("Webhooks:RetryDelay", TimeSpan.FromSeconds(2));
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(job.TenantId);
                var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
                var hooks = await db.Set<WebhookEntity>().AsNoTracking().Where(w => job.WebhookIds.Contains(w.Id)).ToListAsync(stoppingToken);
                var body = Encoding.UTF8.GetBytes(job.Body);
                var allSent = hooks.Count == job.WebhookIds.Count;
                foreach (var hook in hooks)
                    allSent &= await SendAsync(hook, body, attempts, delay, stoppingToken);
                var status = allSent ? RecordSync.Sent : RecordSync.Failed;
                await db.Records.Where(r => r.Id == job.RecordId && r.SyncedAt == job.RequestedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.SyncStatus, status), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not complete the sync of record {RecordId}", job.RecordId);
            }
        }
    }

    private async Task<bool> SendAsync(WebhookEntity hook, byte[] body, int attempts, TimeSpan delay, CancellationToken ct)
    {
        string secret;
        try
        {
            secret = WebhookSecrets.Protector(protection).Unprotect(hook.ProtectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            log.LogError("The secret of webhook {WebhookId} cannot be read with this server's keys; set it again", hook.Id);
            return false;
        }
        var signature = RecordSync.Signature(secret, body);
        var client = clients.CreateClient(ClientName);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                request.Headers.Add(RecordSync.SignatureHeader, signature);
                request.Headers.Add("X-Amparo-Event", "case.sync");
                using var response = await client.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return true;
                log.LogWarning("Webhook {WebhookId} answered {Status} (attempt {Attempt} of {Attempts})", hook.Id, (int)response.StatusCode, attempt, attempts);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                log.LogWarning("Webhook {WebhookId} could not be reached: {Error} (attempt {Attempt} of {Attempts})", hook.Id, e.GetType().Name, attempt, attempts);
            }
            if (attempt < attempts) await Task.Delay(delay * attempt, ct);
        }
        return false;
    }
}
