using Microsoft.Data.Sqlite;

namespace HubWatch.EndToEnd.Tests;

/// <summary>
/// The published dashboard stopped the hard way (kill -9) and the polite way (SIGTERM) in the middle of its jobs,
/// then looked at from outside: the database, as an operator would, and the next start.
/// </summary>
[Collection(PublishedApp.Collection)]
public sealed class LifecycleTests : IDisposable
{
    private static readonly string[] NoJobs =
        [.. new[] { "Crawl", "Refresh", "Fingerprint", "Classify" }.SelectMany(job => new[] { $"--Jobs:{job}:Enabled", "false" })];

    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-lifecycle-").FullName;

    private string DatabasePath => PublishedApp.DatabasePath(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Killed_during_a_fingerprint_run_the_next_start_marks_it_interrupted_and_the_monthly_figures_equal_a_recount()
    {
        long runId;
        // one long fingerprint run: every crawled model in one run, one at a time
        await using (var app = await WebAppProcess.StartAsync(_folder, [.. PublishedApp.Settings(_folder), "--Fingerprint:PerRun", "100000", "--Fingerprint:Parallelism", "1"]))
        {
            runId = await WaitForAsync(app, () => Scalar(
                """
                SELECT r.Id FROM JobRuns r WHERE r.JobName = 'Fingerprint' AND r.Status = 'Running'
                    AND (SELECT COUNT(*) FROM WeightFingerprints f WHERE f.CreatedAt >= r.StartedAt) >= 3
                """), "a fingerprint run that has stored some fingerprints");
            await app.KillAsync();
        }
        Assert.Equal("Running", Text($"SELECT Status FROM JobRuns WHERE Id = {runId}"));
        Assert.NotEqual(Recount(), Stored()); // what the kill left: the run's months were never counted again

        await using (var app = await WebAppProcess.StartAsync(_folder, [.. PublishedApp.Settings(_folder), .. NoJobs]))
        {
            Assert.Equal("Interrupted", Text($"SELECT Status FROM JobRuns WHERE Id = {runId}"));
            Assert.NotNull(Text($"SELECT FinishedAt FROM JobRuns WHERE Id = {runId}"));
            Assert.StartsWith("Interrupted: the process running it", Text($"SELECT Error FROM JobRuns WHERE Id = {runId}"), StringComparison.Ordinal);
            Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM JobRuns WHERE Status = 'Running'"));
            Assert.Equal(Recount(), Stored());
            Assert.Contains("were interrupted when their process ended", app.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SIGTERM_during_the_jobs_exits_within_seconds_and_leaves_no_run_running()
    {
        await using var app = await WebAppProcess.StartAsync(_folder, [.. PublishedApp.Settings(_folder), "--Fingerprint:PerRun", "100000", "--Fingerprint:Parallelism", "1"]);
        await WaitForAsync(app, () => Scalar("SELECT Id FROM JobRuns WHERE JobName = 'Fingerprint' AND Status = 'Running' AND EXISTS (SELECT 1 FROM WeightFingerprints)"),
            "a fingerprint run under way");

        Assert.True(await app.TerminateAsync(TimeSpan.FromSeconds(15)), $"the app was still running 15 s after SIGTERM:\n{app.Output}");

        Assert.Equal(0, app.ExitCode);
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM JobRuns WHERE Status = 'Running'"));
        Assert.StartsWith("Stopped: HubWatch shut down", Text("SELECT Error FROM JobRuns WHERE JobName = 'Fingerprint' AND Status = 'Interrupted'"), StringComparison.Ordinal);
        Assert.Equal(Recount(), Stored()); // the stopped run counted the months it touched on its way out
    }

    /// <summary>Models and fingerprinted models per upload month, counted from the tables themselves.</summary>
    private string Recount() => Rows(
        """
        SELECT COALESCE(m.UploadMonth, 'before'), COUNT(*),
            SUM(EXISTS (SELECT 1 FROM WeightFingerprints f WHERE f.ModelId = m.Id AND f.Status IN ('Sampled', 'Copy')))
        FROM Models m WHERE m.DeletedAt IS NULL GROUP BY 1 ORDER BY 1
        """);

    /// <summary>The same figures as the dashboard shows them (MonthlyStats).</summary>
    private string Stored() => Rows("SELECT CASE WHEN Month LIKE '____-__' THEN Month ELSE 'before' END, Uploads, Fingerprinted FROM MonthlyStats ORDER BY 1");

    private static async Task<long> WaitForAsync(WebAppProcess app, Func<long?> found, string what)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (app.HasExited)
                Assert.Fail($"the app exited before {what}:\n{app.Output}");
            if (found() is { } value)
                return value;
        }
        Assert.Fail($"no {what} within 3 minutes:\n{app.Output[^Math.Min(app.Output.Length, 4000)..]}");
        return 0;
    }

    private long? Scalar(string sql) => Query<long?>(sql, command => command.ExecuteScalar() is long value ? value : null);

    private string? Text(string sql) => Query(sql, command => command.ExecuteScalar() as string);

    private string Rows(string sql) => Query(sql, command =>
    {
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        return string.Join("\n", rows);
    });

    private T Query<T>(string sql, Func<SqliteCommand, T> read)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=5");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return read(command);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            return default!; // the app has not made its tables yet
        }
    }
}
