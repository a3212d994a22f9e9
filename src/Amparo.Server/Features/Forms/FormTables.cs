using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

// The parent namespace on purpose: every feature's code (Amparo.Server.Features.*) sees these as it saw the
// DbContext's own properties, without a using; Platform (Amparo.Server.Platform.*) does not see them.
namespace Amparo.Server.Features;

/// <summary>
/// The form section and module tables as <c>db.FormSections</c> and <c>db.Modules</c>, as the DbContext's own properties once were:
/// the DbContext belongs to Platform and names no feature type.
/// </summary>
internal static class FormTables
{
    extension(AmparoDbContext db)
    {
        public DbSet<FormSectionEntity> FormSections => db.Set<FormSectionEntity>();
        public DbSet<ModuleEntity> Modules => db.Set<ModuleEntity>();
    }
}
