using System.Net;
using System.Security.Cryptography;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Notifications;

/// <summary>
/// Sends web push messages (RFC 8030, encrypted per RFC 8291, signed with the server's VAPID key per RFC 8292) and
/// keeps each subscription's failure count: after <see cref="MaxFailures"/> failed deliveries in a row the
/// subscription is disabled, as Primero does. Also protects and unprotects the subscriptions' keys.
/// </summary>
internal sealed class WebPushSender : IDisposable
{
    public const int MaxFailures = 3;

    private readonly WebPushOptions _options;
    private readonly IDataProtector _protector;
    private readonly ILogger<WebPushSender> _log;
    private readonly HttpClient? _http;
    private readonly PushServiceClient? _client;
    private readonly VapidAuthentication? _vapid;

    public WebPushSender(IOptions<WebPushOptions> options, IDataProtectionProvider protection, ILogger<WebPushSender> log)
    {
        _options = options.Value;
        _protector = protection.CreateProtector("Amparo.WebPush.SubscriptionKeys.v1");
        _log = log;
        if (!_options.Enabled) return;
        // Redirects are not followed: the server posts only to the URL the browser registered.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = TimeSpan.FromSeconds(30) };
        _vapid = new VapidAuthentication(_options.PublicKey!, _options.PrivateKey!) { Subject = _options.Subject };
        _client = new PushServiceClient(_http) { DefaultAuthentication = _vapid, DefaultTimeToLive = (int)TimeSpan.FromDays(1).TotalSeconds };
    }

    public bool Enabled => _client is not null;

    public WebPushOptions Options => _options;

    public string Protect(string value) => _protector.Protect(value);

    /// <summary>Pushes <paramref name="payload"/> to each subscription, updating its failure count (the caller saves).</summary>
    public async Task SendAsync(IEnumerable<WebPushSubscription> subscriptions, string payload, DateTimeOffset now, CancellationToken ct)
    {
        if (_client is null) return;
        foreach (var subscription in subscriptions)
        {
            HttpStatusCode? status = null;
            try
            {
                var target = new PushSubscription { Endpoint = subscription.NotificationUrl };
                target.SetKey(PushEncryptionKeyName.P256DH, _protector.Unprotect(subscription.P256dh));
                target.SetKey(PushEncryptionKeyName.Auth, _protector.Unprotect(subscription.Auth));
                await _client.RequestPushMessageDeliveryAsync(target, new PushMessage(payload) { Urgency = PushMessageUrgency.Normal }, ct);
                subscription.FailedAttempts = 0;
                continue;
            }
            catch (PushServiceClientException e)
            {
                status = e.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or CryptographicException or ArgumentException or FormatException
                                           || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
            }
            subscription.FailedAttempts++;
            subscription.UpdatedAt = now;
            if (subscription.FailedAttempts >= MaxFailures) subscription.Disabled = true;
            // The endpoint URL identifies a person's browser: only the subscription's id and the outcome are logged.
            _log.LogWarning("Web push to subscription {SubscriptionId} failed ({Status}); {Failures} failure(s) in a row",
                subscription.Id, status is null ? "no answer" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), subscription.FailedAttempts);
        }
    }

    public void Dispose()
    {
        _vapid?.Dispose();
        _http?.Dispose();
    }
}
