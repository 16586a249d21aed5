using System.Net;
using System.Net.Sockets;
using HubWatch.Application.Scheduling;
using HubWatch.Data.Entities;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Scheduling;

/// <summary>The job adapter records every run, success or failure, and never throws into Quartz.</summary>
public sealed class CrawlJobTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_successful_run_is_recorded_with_its_counts()
    {
        await using var hub = await TestHub.ServeAsync();
        using var services = HubWatchServices.Build(_database, HubSource.RunningDemo(hub.BaseUri, "test"));

        await Job(services).Execute(null!, CancellationToken.None);

        using var db = _database.CreateDbContext();
        var run = db.JobRuns.Single();
        Assert.Equal((HubWatchJobs.Crawl.Name, RunStatus.Succeeded, TestHub.ModelCount), (run.JobName, run.Status, run.ItemsNew));
        Assert.True(run.Requests > TestHub.ModelCount, "pages and one card per model");
        Assert.NotNull(run.FinishedAt);
        Assert.True(run.FinishedAt >= run.StartedAt);
    }

    [Fact]
    public async Task A_hub_that_does_not_answer_is_a_recorded_failure_not_an_exception()
    {
        using var services = HubWatchServices.Build(_database, HubSource.Configured(new Uri($"http://127.0.0.1:{ClosedPort()}/")),
            new Dictionary<string, string?> { ["Hub:Http:Retry:MaxAttempts"] = "1" });

        await Job(services).Execute(null!, CancellationToken.None);

        using var db = _database.CreateDbContext();
        var run = db.JobRuns.Single();
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.False(string.IsNullOrWhiteSpace(run.Error));
        Assert.Empty(db.Models);
    }

    private static CrawlJob Job(IServiceProvider services) => ActivatorUtilities.CreateInstance<CrawlJob>(services);

    /// <summary>A loopback port nobody listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
