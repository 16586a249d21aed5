using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HubWatch.Data.Configurations;

internal sealed class MonthlyStatConfiguration : IEntityTypeConfiguration<MonthlyStat>
{
    public void Configure(EntityTypeBuilder<MonthlyStat> stat)
    {
        stat.ToTable("MonthlyStats");
        stat.HasKey(s => s.Month);
        stat.Property(s => s.Month).HasMaxLength(20);
    }
}
