using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> run)
    {
        run.ToTable("JobRuns");
        run.HasKey(r => r.Id);
        run.Property(r => r.JobName).HasMaxLength(100);
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        run.Property(r => r.Error).HasMaxLength(4000);
        run.Property(r => r.Detail).HasMaxLength(1000);
        run.Property(r => r.Owner).HasMaxLength(200);
        run.HasIndex(r => new { r.JobName, r.StartedAt });
    }
}
