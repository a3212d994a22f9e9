using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Configuration;

/// <summary><c>Amparo.Server config import-primero &lt;folder&gt;</c>: imports into the default tenant and prints what happened.</summary>
internal static class ConfigurationCommand
{
    public static async Task<int> ImportPrimeroAsync(IServiceProvider services, string folder)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
        var tenant = await db.Tenants.FirstAsync(t => t.IsDefault);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);

        var (parts, readErrors) = PrimeroImport.ReadFolder(folder);
        var report = readErrors.Count > 0 ? null : await scope.ServiceProvider.GetRequiredService<PrimeroImport>().ImportAsync(parts, "config import-primero", default);
        var errors = report?.Errors ?? readErrors;
        foreach (var (kind, count) in report?.Imported ?? []) Console.WriteLine($"  {kind}: {count}");
        foreach (var warning in report?.Warnings ?? []) Console.WriteLine($"  warning: {warning}");
        foreach (var error in errors) Console.WriteLine($"  error: {error}");
        Console.WriteLine(errors.Count == 0
            ? $"Amparo: Primero configuration imported from {folder} ({report!.Warnings.Count} warnings, 0 errors)."
            : $"Amparo: import failed with {errors.Count} errors; nothing was changed.");
        return errors.Count == 0 ? 0 : 1;
    }
}
