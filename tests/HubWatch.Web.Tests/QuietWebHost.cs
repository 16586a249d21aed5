using HubWatch.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HubWatch.Web.Tests;

/// <summary>
/// The real web host over a test database with no job scheduled (the data stay as seeded) and a hub nobody calls, so
/// no demo hub is generated into the repository.
/// </summary>
internal static class QuietWebHost
{
    public static WebApplicationFactory<Program> Create(TestDatabase database, Action<IWebHostBuilder>? more = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:HubWatch", database.ConnectionString)
                .UseSetting("Hub:BaseUrl", "http://127.0.0.1:9/")
                .UseSetting("Jobs:Crawl:Enabled", "false")
                .UseSetting("Jobs:Refresh:Enabled", "false")
                .UseSetting("Jobs:Fingerprint:Enabled", "false")
                .UseSetting("Jobs:Classify:Enabled", "false");
            more?.Invoke(web);
        });
}
