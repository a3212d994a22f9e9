using Amparo.Server.Features.UserGroups;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

// The parent namespace on purpose: every feature's code (Amparo.Server.Features.*) sees these as it saw the
// DbContext's own properties, without a using; Platform (Amparo.Server.Platform.*) does not see them.
namespace Amparo.Server.Features;

/// <summary>
/// The user group and membership tables as <c>db.UserGroups</c> and <c>db.UserGroupMemberships</c>, as the DbContext's own properties once were:
/// the DbContext belongs to Platform and names no feature type.
/// </summary>
internal static class UserGroupTables
{
    extension(AmparoDbContext db)
    {
        public DbSet<UserGroup> UserGroups => db.Set<UserGroup>();
        public DbSet<UserGroupMembership> UserGroupMemberships => db.Set<UserGroupMembership>();
    }
}
