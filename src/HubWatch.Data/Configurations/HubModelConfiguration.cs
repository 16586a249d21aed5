using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class HubModelConfiguration : IEntityTypeConfiguration<HubModel>
{
    public void Configure(EntityTypeBuilder<HubModel> model)
    {
        model.ToTable("Models");
        model.HasKey(m => m.Id);
        model.Property(m => m.Id).HasMaxLength(200);
        model.Property(m => m.Author).HasMaxLength(100);
        model.Property(m => m.UploadMonth).HasMaxLength(7);
        model.Property(m => m.License).HasMaxLength(100);
        model.Property(m => m.LicenseName).HasMaxLength(200);
        model.Property(m => m.Architecture).HasMaxLength(100);
        model.Property(m => m.DeclaredMergeMethod).HasMaxLength(50);
        model.Property(m => m.MergekitVersion).HasMaxLength(50);
        model.Property(m => m.CardCheckedSha).HasMaxLength(64);
        model.Property(m => m.CardError).HasMaxLength(500);
        model.HasIndex(m => m.LastModified);
        model.HasIndex(m => m.UploadMonth);
        model.HasIndex(m => m.CreatedAt);
        model.HasIndex(m => m.Author);
        // the models table filters live models only: partial indexes let SQLite count a filter from the index alone
        model.HasIndex(m => m.License).HasFilter("\"DeletedAt\" IS NULL");
        model.HasIndex(m => m.Architecture).HasFilter("\"DeletedAt\" IS NULL");
        // the models table's order (newest first, id to break ties): a page reads its rows straight off this index
        model.HasIndex(m => new { m.CreatedAt, m.Id }).HasFilter("\"DeletedAt\" IS NULL").HasDatabaseName("IX_Models_Live_CreatedAt_Id");
        // the monthly aggregates find the months a job touched through these
        model.HasIndex(m => m.LastCrawledAt);
        model.HasIndex(m => m.CheckedAt);
        model.HasMany(m => m.Files).WithOne().HasForeignKey(f => f.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
