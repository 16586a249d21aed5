using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Data;

public static class DataServiceCollectionExtensions
{
    /// <param name="connectionString">An absolute SQLite connection string (see <see cref="SqliteDatabase.Resolve"/>).</param>
    public static IServiceCollection AddHubWatchData(this IServiceCollection services, string connectionString) =>
        services.AddDbContextFactory<HubWatchDbContext>(options => Configure(options, connectionString));

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteDatabase.MigrationsAssembly));
}
