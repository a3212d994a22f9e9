using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Amparo.Server.Platform.Mail;

/// <summary>Outgoing mail (configuration section <c>Mail</c>). Without a host, nothing is sent and the caller is told.</summary>
internal sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary><c>StartTls</c> (default), <c>SslOnConnect</c>, or <c>None</c> (a local relay only).</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "amparo@localhost";
    /// <summary>The address users reach Amparo at, for links in messages (e.g. <c>https://amparo.example.org</c>).</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";
}

internal sealed class Mailer(IOptions<MailOptions> options, ILogger<Mailer> log)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    public string PublicUrl => options.Value.PublicUrl.TrimEnd('/');

    /// <summary>Sends one plain-text message; false when mail is not configured or the server refused it.</summary>
    public async Task<bool> SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var o = options.Value;
        if (!IsConfigured)
        {
            log.LogWarning("Mail is not configured (Mail:Host); a message was not sent");
            return false;
        }
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient();
        try
        {
            var security = Enum.TryParse<SecureSocketOptions>(o.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.StartTls;
            await client.ConnectAsync(o.Host!, o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return true;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or AuthenticationException)
        {
            // The recipient address is personal data: only the failure kind is logged.
            log.LogError("Sending mail failed: {Kind}", e.GetType().Name);
            return false;
        }
    }
}
