using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Background;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Mail;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.PasswordReset;

/// <summary>
/// An anonymous password-reset request, stored before it is answered and before anyone is looked up: a known and an
/// unknown address take the same path to the answer (one insert), so its timing reveals no account (issue 15: 50 ms
/// against 2 ms before), and a request the server acknowledged survives a restart. <see cref="PasswordResetMailer"/>
/// finds the user, mails the link and deletes the row.
/// </summary>
internal sealed class PasswordResetRequest : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Email { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
}

internal sealed class PasswordResetRequestConfiguration : IEntityTypeConfiguration<PasswordResetRequest>
{
    public void Configure(EntityTypeBuilder<PasswordResetRequest> e)
    {
        e.ToTable("password_reset_requests");
        e.Property(x => x.Email).HasMaxLength(PasswordResetRequests.MaxEmailLength);
    }
}

/// <summary>Stores a request and wakes the mailer.</summary>
internal sealed class PasswordResetRequests(AmparoDbContext db, PasswordResetSignal signal, TimeProvider clock)
{
    /// <summary>Longer is no address (RFC 5321 caps a path at 256): such a request is answered alike and not stored.</summary>
    public const int MaxEmailLength = 320;

    public async Task StoreAsync(Guid tenantId, string email, CancellationToken ct)
    {
        if (email.Length > MaxEmailLength) return;
        db.Add(new PasswordResetRequest { TenantId = tenantId, Email = email, RequestedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        signal.Nudge();
    }
}

/// <summary>Wakes the mailer when a request is stored; it also looks every few seconds (requests left by a restart).</summary>
internal sealed class PasswordResetSignal : WakeSignal;

/// <summary>
/// Mails the stored reset links, oldest first, each in its tenant's scope, and deletes each request once tried. A crash
/// between the mail and the delete sends the link twice, which is harmless; a failure is logged by kind only.
/// </summary>
internal sealed class PasswordResetMailer(PasswordResetSignal signal, IServiceScopeFactory scopes, ILogger<PasswordResetMailer> log) : BackgroundService
{
    private const int Batch = 50;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendBatchAsync(stoppingToken) == Batch) continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError("Reading the password-reset requests failed: {Error}", e.GetType().Name);
            }
            try { await signal.WaitAsync(Poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<int> SendBatchAsync(CancellationToken ct)
    {
        List<PasswordResetRequest> pending;
        using (var scope = scopes.CreateScope())
        {
            pending = await scope.ServiceProvider.GetRequiredService<AmparoDbContext>().Set<PasswordResetRequest>()
                .IgnoreQueryFilters().AsNoTracking().OrderBy(r => r.Id).Take(Batch).ToListAsync(ct);
        }
        foreach (var request in pending) await SendAsync(request, ct);
        return pending.Count;
    }

    private async Task SendAsync(PasswordResetRequest request, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(request.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        try
        {
            var email = request.Email;
#pragma warning disable CA1304, CA1311, CA1862 // EF turns ToLower() into SQL lower(): no .NET culture is involved
            var user = await db.Users.FirstOrDefaultAsync(u => u.Email != null && u.Email.ToLower() == email, ct);
#pragma warning restore CA1304, CA1311, CA1862
            if (user is { Disabled: false, IdentityProviderUniqueId: null })
                await PasswordResetLinks.SendAsync(db, scope.ServiceProvider.GetRequiredService<Mailer>(),
                    scope.ServiceProvider.GetRequiredService<TimeProvider>(), user, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message may quote the address: its type is enough to start looking.
            log.LogError("Sending a password-reset link failed: {Error}", e.GetType().Name);
        }
        await db.Set<PasswordResetRequest>().Where(r => r.Id == request.Id).ExecuteDeleteAsync(ct);
    }
}

internal static class PasswordResetModule
{
    public static IHostApplicationBuilder AddPasswordReset(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PasswordResetRequests>();
        builder.Services.AddSingleton<PasswordResetSignal>();
        builder.Services.AddHostedService<PasswordResetMailer>();
        return builder;
    }
}
