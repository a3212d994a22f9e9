using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Transitions;

internal sealed class TransitionConfiguration : IEntityTypeConfiguration<Transition>
{
    private static readonly string[] NameColumns =
    [
        "TransitionedTo", "TransitionedBy", "RecordOwnedBy", "TransitionedToAgency", "TransitionedByUserAgency", "TransitionedToUserAgency",
        "RecordOwnedByAgency", "AuthorizedRoleUniqueId", "TypeOfExport", "Service", "ServiceRecordId",
    ];

    public void Configure(EntityTypeBuilder<Transition> e)
    {
        e.ToTable("transitions");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Type).HasMaxLength(30);
        e.Property(x => x.Status).HasMaxLength(30);
        e.Property(x => x.RecordType).HasMaxLength(30);
        foreach (var name in NameColumns) e.Property(name).HasMaxLength(100);
        e.Property(x => x.TransitionedToRemote).HasMaxLength(500);
        e.Property(x => x.Notes).HasMaxLength(4000);
        e.Property(x => x.RejectedReason).HasMaxLength(4000);
        e.Property(x => x.RejectionNote).HasMaxLength(4000);
        e.Property(x => x.TransitionedByUserGroups).IsJsonDocument();
        e.Property(x => x.TransitionedToUserGroups).IsJsonDocument();
        e.Property(x => x.RecordOwnedByGroups).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.RecordId, x.CreatedAt });
        e.HasIndex(x => new { x.TenantId, x.TransitionedToUserId, x.Status });
        e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
    }
}
