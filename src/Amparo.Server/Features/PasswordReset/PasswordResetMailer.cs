using System.Threading.Channels;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Mail;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.PasswordReset;

/// <summary>
/// Anonymous password-reset requests, answered before anyone is looked up: the request only queues the address, and
/// <see cref="PasswordResetMailer"/> finds the user and sends the link afterwards. A known and an unknown address take the
/// same path to the answer, so its timing reveals no account (issue 15: 50 ms against 2 ms before). In memory: a request
/// lost to a restart is one the user repeats, and the answer never promised a mail.
/// </summary>
internal sealed class PasswordResetRequests
{
    // Bounded: a flood of requests waits for the mailer instead of growing the heap; the per-address and per-source
    // throttles keep honest requests far below it.
    private readonly Channel<(Guid TenantId, string Email)> _channel =
        Channel.CreateBounded<(Guid, string)>(new BoundedChannelOptions(1_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public ChannelReader<(Guid TenantId, string Email)> Reader => _channel.Reader;

    public void Enqueue(Guid tenantId, string email) => _channel.Writer.TryWrite((tenantId, email));
}

/// <summary>Mails the queued reset links, one at a time, each in its tenant's scope; a failure is logged by kind only.</summary>
internal sealed class PasswordResetMailer(PasswordResetRequests requests, IServiceScopeFactory scopes, ILogger<PasswordResetMailer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (tenantId, email) in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
                var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
#pragma warning disable CA1304, CA1311, CA1862 // EF turns ToLower() into SQL lower(): no .NET culture is involved
                var user = await db.Users.FirstOrDefaultAsync(u => u.Email != null && u.Email.ToLower() == email, stoppingToken);
#pragma warning restore CA1304, CA1311, CA1862
                if (user is { Disabled: false, IdentityProviderUniqueId: null })
                    await PasswordResetLinks.SendAsync(db, scope.ServiceProvider.GetRequiredService<Mailer>(),
                        scope.ServiceProvider.GetRequiredService<TimeProvider>(), user, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The message may quote the address: its type is enough to start looking.
                log.LogError("Sending a password-reset link failed: {Error}", e.GetType().Name);
            }
        }
    }
}

internal static class PasswordResetModule
{
    public static IHostApplicationBuilder AddPasswordReset(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PasswordResetRequests>();
        builder.Services.AddHostedService<PasswordResetMailer>();
        return builder;
    }
}
