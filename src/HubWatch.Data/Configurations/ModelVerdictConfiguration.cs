using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class ModelVerdictConfiguration : IEntityTypeConfiguration<ModelVerdict>
{
    public void Configure(EntityTypeBuilder<ModelVerdict> verdict)
    {
        verdict.ToTable("Verdicts");
        verdict.HasKey(v => v.Id);
        verdict.Property(v => v.ModelId).HasMaxLength(200);
        verdict.Property(v => v.Revision).HasMaxLength(64);
        verdict.Property(v => v.Relation).HasMaxLength(20);
        verdict.Property(v => v.Method).HasMaxLength(30);
        verdict.Property(v => v.TopParentId).HasMaxLength(200);
        verdict.Property(v => v.Summary).HasMaxLength(2000);
        verdict.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
        // EF writes a bool filter as the bare column (WHERE "Current"), which an index on (Current, …) cannot serve: at
        // 2M models every relation or flag filter scanned all verdicts. Partial indexes with that very term can.
        // with ModelId, so "has this model a current merge verdict?" is one seek (a relation alone made SQLite scan
        // every verdict of that relation for each model of a page)
        verdict.HasIndex(v => new { v.Relation, v.ModelId }).HasFilter("\"Current\"").HasDatabaseName("IX_Verdicts_Current_Relation_ModelId");
        verdict.HasIndex(v => v.FlagCount).HasFilter("\"Current\"");
        verdict.HasIndex(v => v.TopParentId);
        verdict.HasIndex(v => v.CreatedAt);
    }
}
