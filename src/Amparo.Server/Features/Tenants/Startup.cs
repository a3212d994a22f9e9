using System.Security.Cryptography;
using Amparo.Server.Features.Demo;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Tenants;

/// <summary>
/// First-start work (design §9): the default tenant, its superuser <c>admin</c>, the minimal default
/// configuration, and on request the demo data. Each step only adds what is missing, so every start may run it.
/// </summary>
internal static class Startup
{
    public const string AdminUserName = "admin";

    public static async Task PrepareAsync(WebApplication app, bool seedDemo, CancellationToken ct = default)
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();

        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.IsDefault, ct);
        if (tenant is null)
        {
            tenant = new Tenant { Id = Guid.CreateVersion7(), Code = "default", Name = "Amparo", IsDefault = true, CreatedAt = clock.GetUtcNow() };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(ct);
        }
        // Tenants made before stamps existed get their row (ADR 0025); a new tenant gets it with its own insert. The
        // tenant's id is as good a first value as any: later ones are random.
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO tenant_stamps (tenant_id, access, configuration) SELECT id, id, id FROM tenants WHERE id NOT IN (SELECT tenant_id FROM tenant_stamps)", ct);
        var registry = app.Services.GetRequiredService<TenantRegistry>();
        await registry.LoadAsync(db, ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);

        await DefaultRoles.EnsureAsync(db, ct);
        var adminPassword = await EnsureAdminAsync(db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>(),
            app.Configuration["AMPARO_ADMIN_PASSWORD"], clock, ct);
        await DefaultConfiguration.EnsureAsync(db, clock, ct);
        if (seedDemo) await DemoData.SeedAsync(db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>(), clock, ct);

        if (adminPassword is not null)
        {
            // Printed once, to the console only, never through the logger (logs are shipped and kept).
            Console.WriteLine("==========================================================");
            Console.WriteLine($" Amparo: superuser '{AdminUserName}' created. Password: {adminPassword}");
            Console.WriteLine(" It is shown only this once. Set AMPARO_ADMIN_PASSWORD to choose it.");
            Console.WriteLine("==========================================================");
        }
    }

    /// <summary>Creates <c>admin</c> if missing; returns the generated password when one had to be made up.</summary>
    private static async Task<string?> EnsureAdminAsync(AmparoDbContext db, IPasswordHasher<User> hasher, string? configured, TimeProvider clock, CancellationToken ct)
    {
        var superuser = await db.Roles.SingleAsync(r => r.UniqueId == DefaultRoles.Superuser, ct);
        if (await db.Users.FirstOrDefaultAsync(u => u.UserName == AdminUserName, ct) is { } existing)
        {
            existing.RoleId ??= superuser.Id;
            await db.SaveChangesAsync(ct);
            return null;
        }
        var generated = string.IsNullOrEmpty(configured);
        var password = generated ? GeneratePassword() : configured!;
        var admin = new User
        {
            UserName = AdminUserName,
            FullName = "System Administrator",
            PasswordHash = "",
            RoleId = superuser.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        db.Users.Add(admin);
        await db.SaveChangesAsync(ct);
        return generated ? password : null;
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = a[RandomNumberGenerator.GetInt32(a.Length)];
        });
    }
}
