using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.CodeOfConduct;

internal sealed class CodeOfConductVersionConfiguration : IEntityTypeConfiguration<CodeOfConductVersion>
{
    public void Configure(EntityTypeBuilder<CodeOfConductVersion> e)
    {
        e.ToTable("codes_of_conduct");
        e.Property(x => x.Title).HasMaxLength(500);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
    }
}
