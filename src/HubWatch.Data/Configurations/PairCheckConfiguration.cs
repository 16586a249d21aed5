using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class PairCheckConfiguration : IEntityTypeConfiguration<PairCheck>
{
    public void Configure(EntityTypeBuilder<PairCheck> check)
    {
        check.ToTable("PairChecks");
        check.HasKey(c => c.Id);
        check.Property(c => c.ModelId).HasMaxLength(200);
        check.Property(c => c.Revision).HasMaxLength(64);
        check.Property(c => c.ParentId).HasMaxLength(200);
        check.Property(c => c.ParentRevision).HasMaxLength(64);
        check.Property(c => c.Reason).HasMaxLength(40);
        check.HasOne<HubModel>().WithMany().HasForeignKey(c => c.ModelId).OnDelete(DeleteBehavior.Cascade);
        // one read per pair of revisions and reason: a second classifier run finds it instead of reading again
        check.HasIndex(c => new { c.ModelId, c.Revision, c.ParentId, c.ParentRevision, c.Reason }).IsUnique();
    }
}
