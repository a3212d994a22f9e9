using Amparo.Server.Features.Agencies;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

// The parent namespace on purpose: every feature's code (Amparo.Server.Features.*) sees these as it saw the
// DbContext's own properties, without a using; Platform (Amparo.Server.Platform.*) does not see them.
namespace Amparo.Server.Features;

/// <summary>
/// The agencies table as <c>db.Agencies</c>, as the DbContext's own properties once were:
/// the DbContext belongs to Platform and names no feature type.
/// </summary>
internal static class AgencyTables
{
    extension(AmparoDbContext db)
    {
        public DbSet<Agency> Agencies => db.Set<Agency>();
    }
}
