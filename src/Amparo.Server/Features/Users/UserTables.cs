using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

// The parent namespace on purpose: every feature's code (Amparo.Server.Features.*) sees these as it saw the
// DbContext's own properties, without a using; Platform (Amparo.Server.Platform.*) does not see them.
namespace Amparo.Server.Features;

/// <summary>
/// The users table as <c>db.Users</c>, as the DbContext's own properties once were:
/// the DbContext belongs to Platform and names no feature type.
/// </summary>
internal static class UserTables
{
    extension(AmparoDbContext db)
    {
        public DbSet<User> Users => db.Set<User>();
    }
}
