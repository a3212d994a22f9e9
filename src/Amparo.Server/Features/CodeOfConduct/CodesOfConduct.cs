using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.CodeOfConduct;

/// <summary>The published codes of conduct: the endpoints show and accept the one in force, saving a user records it.</summary>
internal static class CodesOfConduct
{
    /// <summary>The latest published version, the only one a user can accept; null before any is published.</summary>
    public static Task<CodeOfConductVersion?> InForceAsync(AmparoDbContext db, CancellationToken ct) =>
        db.Set<CodeOfConductVersion>().AsNoTracking().OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
}
