using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

// The parent namespace on purpose: every feature's code (Amparo.Server.Features.*) sees these as it saw the
// DbContext's own properties, without a using; Platform (Amparo.Server.Platform.*) does not see them.
namespace Amparo.Server.Features;

/// <summary>
/// The records table and its association tables as <c>db.Records</c>, <c>db.RecordUsers</c>, <c>db.RecordGroups</c>
/// and <c>db.RecordAgencies</c>, as the DbContext's own properties once were: the DbContext belongs to Platform
/// and names no feature type.
/// </summary>
internal static class RecordTables
{
    extension(AmparoDbContext db)
    {
        public DbSet<RecordEntity> Records => db.Set<RecordEntity>();
        public DbSet<RecordUser> RecordUsers => db.Set<RecordUser>();
        public DbSet<RecordGroup> RecordGroups => db.Set<RecordGroup>();
        public DbSet<RecordAgency> RecordAgencies => db.Set<RecordAgency>();
    }
}
