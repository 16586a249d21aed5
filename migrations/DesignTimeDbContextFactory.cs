using HubWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HubWatch.Migrations;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the web host (which would start jobs).</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HubWatchDbContext>
{
    public HubWatchDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<HubWatchDbContext>();
        DataServiceCollectionExtensions.Configure(options, "Data Source=design-time.db");
        return new HubWatchDbContext(options.Options);
    }
}
