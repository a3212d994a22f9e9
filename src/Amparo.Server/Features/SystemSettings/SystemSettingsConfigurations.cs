using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.SystemSettings;

internal sealed class StoredSystemSettingsConfiguration : IEntityTypeConfiguration<StoredSystemSettings>
{
    public void Configure(EntityTypeBuilder<StoredSystemSettings> e)
    {
        e.ToTable("system_settings");
        e.Property(x => x.Settings).IsJsonDocument();
        e.HasIndex(x => x.TenantId).IsUnique();
    }
}

internal sealed class ContactInformationConfiguration : IEntityTypeConfiguration<ContactInformation>
{
    private static readonly string[] TextColumns = ["Name", "Organization", "Phone", "Email", "Location", "Position", "SupportForum", "OtherInformation"];

    public void Configure(EntityTypeBuilder<ContactInformation> e)
    {
        e.ToTable("contact_information");
        e.HasIndex(x => x.TenantId).IsUnique();
        foreach (var p in TextColumns) e.Property(p).HasMaxLength(1000);
    }
}
