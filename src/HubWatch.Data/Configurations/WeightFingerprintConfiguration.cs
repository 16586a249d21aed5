using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class WeightFingerprintConfiguration : IEntityTypeConfiguration<WeightFingerprint>
{
    public void Configure(EntityTypeBuilder<WeightFingerprint> fingerprint)
    {
        fingerprint.ToTable("WeightFingerprints");
        fingerprint.HasKey(f => f.Id);
        fingerprint.Property(f => f.ModelId).HasMaxLength(200);
        fingerprint.Property(f => f.Revision).HasMaxLength(64);
        fingerprint.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        fingerprint.Property(f => f.Error).HasMaxLength(1000);
        fingerprint.Property(f => f.Files).HasMaxLength(4000);
        fingerprint.Property(f => f.ContentHash).HasMaxLength(64);
        fingerprint.Property(f => f.CopyOfModelId).HasMaxLength(200);
        fingerprint.Property(f => f.Format).HasMaxLength(100);
        fingerprint.Property(f => f.Unread).HasMaxLength(2000);
        fingerprint.HasIndex(f => new { f.ModelId, f.Revision }).IsUnique();
        fingerprint.HasIndex(f => f.ContentHash);
        fingerprint.HasIndex(f => f.CreatedAt);
        // candidate search: models of one width (hidden size and vocabulary), whatever their depth
        fingerprint.HasIndex(f => new { f.Hidden, f.Vocab });
    }
}
