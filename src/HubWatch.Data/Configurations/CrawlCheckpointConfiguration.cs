using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class CrawlCheckpointConfiguration : IEntityTypeConfiguration<CrawlCheckpoint>
{
    public void Configure(EntityTypeBuilder<CrawlCheckpoint> checkpoint)
    {
        checkpoint.ToTable("CrawlCheckpoints");
        checkpoint.HasKey(c => c.HubKey);
        checkpoint.Property(c => c.HubKey).HasMaxLength(200);
        checkpoint.Property(c => c.NewestId).HasMaxLength(200);
        checkpoint.Property(c => c.PassNewestId).HasMaxLength(200);
        checkpoint.Property(c => c.ResumePage).HasMaxLength(4000);
    }
}
