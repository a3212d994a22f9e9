using System.Text.Json.Nodes;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Mail;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Notifications;

/// <summary>
/// Sends queued notifications one at a time, in the order they were queued, each in its tenant's scope. A failure
/// is logged by kind only (never an address, a name or the text) and does not stop the queue.
/// </summary>
internal sealed class NotificationWorker(NotificationQueue queue, IServiceScopeFactory scopes, ILogger<NotificationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(item.TenantId);
                await scope.ServiceProvider.GetRequiredService<NotificationDelivery>().DeliverAsync(item, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The exception's message may quote an address: its type is enough to start looking.
                log.LogError("Delivering a {Kind} notification failed: {Error}", item.Kind.WireName(), e.GetType().Name);
            }
        }
    }
}

/// <summary>One notification, to one user: e-mail and web push as the user's settings allow.</summary>
internal sealed class NotificationDelivery(AmparoDbContext db, Mailer mailer, WebPushSender push, TimeProvider clock)
{
    public async Task DeliverAsync(PendingNotification n, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == n.RecipientUserId, ct);
        if (user is null || user.Disabled || user.Id == n.ActorUserId) return;
        var type = RecordType.All.FirstOrDefault(t => t.Name == n.RecordType);
        var shortId = await db.Records.AsNoTracking().Where(r => r.Id == n.RecordId).Select(r => r.ShortId).FirstOrDefaultAsync(ct);
        if (type is null || shortId is null) return;

        var link = $"{mailer.PublicUrl}/{type.Path}/{n.RecordId}";
        var text = NotificationTexts.For(user.Locale, n.Kind, type.Name, shortId);
        if (mailer.IsConfigured && !string.IsNullOrWhiteSpace(user.Email) && NotificationSettings.Wants(user, NotificationSettings.Mail, n.Kind))
            await mailer.SendAsync(user.Email, text.Subject, NotificationTexts.MailBody(user.Locale, text, link), ct);

        if (push.Enabled && NotificationSettings.Wants(user, NotificationSettings.Push, n.Kind))
        {
            var subscriptions = await db.Set<WebPushSubscription>().Where(s => s.UserId == user.Id && !s.Disabled).OrderBy(s => s.Id).ToListAsync(ct);
            if (subscriptions.Count == 0) return;
            var payload = new JsonObject
            {
                ["title"] = text.Subject,
                ["body"] = text.Body,
                ["link"] = link,
                ["kind"] = n.Kind.WireName(),
            }.ToJsonString();
            await push.SendAsync(subscriptions, payload, clock.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);
        }
    }
}
