using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class ModelFaultConfiguration : IEntityTypeConfiguration<ModelFault>
{
    public void Configure(EntityTypeBuilder<ModelFault> fault)
    {
        fault.ToTable("ModelFaults");
        fault.HasKey(f => new { f.ModelId, f.Step });
        fault.Property(f => f.ModelId).HasMaxLength(200);
        fault.Property(f => f.Step).HasMaxLength(20);
        fault.Property(f => f.Revision).HasMaxLength(64);
        fault.Property(f => f.Reason).HasMaxLength(500);
        fault.HasOne<HubModel>().WithMany().HasForeignKey(f => f.ModelId).OnDelete(DeleteBehavior.Cascade);
        fault.HasIndex(f => new { f.Step, f.QuarantinedAt });
    }
}
