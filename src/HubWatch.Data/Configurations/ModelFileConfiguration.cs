using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class ModelFileConfiguration : IEntityTypeConfiguration<ModelFile>
{
    public void Configure(EntityTypeBuilder<ModelFile> file)
    {
        file.ToTable("ModelFiles");
        file.HasKey(f => f.Id);
        file.Property(f => f.Path).HasMaxLength(500);
        file.Property(f => f.LfsSha256).HasMaxLength(64);
        file.HasIndex(f => new { f.ModelId, f.Path }).IsUnique();
        file.HasIndex(f => f.LfsSha256);
    }
}
