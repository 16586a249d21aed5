using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class ModelRenameConfiguration : IEntityTypeConfiguration<ModelRename>
{
    public void Configure(EntityTypeBuilder<ModelRename> rename)
    {
        rename.ToTable("ModelRenames");
        rename.HasKey(r => r.OldId);
        rename.Property(r => r.OldId).HasMaxLength(200);
        rename.Property(r => r.NewId).HasMaxLength(200);
        rename.HasIndex(r => r.NewId);
    }
}
