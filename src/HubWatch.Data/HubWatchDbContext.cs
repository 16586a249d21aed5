using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HubWatch.Data;

public sealed class HubWatchDbContext(DbContextOptions<HubWatchDbContext> options) : DbContext(options)
{
    public DbSet<HubModel> Models => Set<HubModel>();
    public DbSet<ModelFile> ModelFiles => Set<ModelFile>();
    public DbSet<CrawlCheckpoint> CrawlCheckpoints => Set<CrawlCheckpoint>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<ModelRename> ModelRenames => Set<ModelRename>();
    public DbSet<WeightFingerprint> Fingerprints => Set<WeightFingerprint>();
    public DbSet<ModelVerdict> Verdicts => Set<ModelVerdict>();
    public DbSet<MonthlyStat> MonthlyStats => Set<MonthlyStat>();
    public DbSet<ModelFault> ModelFaults => Set<ModelFault>();
    public DbSet<PairCheck> PairChecks => Set<PairCheck>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HubWatchDbContext).Assembly);

    // Times are stored as UTC DateTime (SQLite cannot order DateTimeOffset); reading them back marks them UTC.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
