using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HubWatch.Application.Scheduling;

namespace HubWatch.Evaluation.Benchmarks;

/// <summary>
/// The built dashboard (<c>dotnet HubWatch.Web.dll</c>) in a process of its own on a free loopback port, as a user
/// runs it: what the dashboard benchmark measures, with none of the benchmark's own work in the server's process.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    public const string Assembly = "HubWatch.Web.dll";

    /// <summary>Where tests/run.sh publishes the dashboard; also read when no folder is given.</summary>
    public const string PublishDirVariable = "HUBWATCH_PUBLISH_DIR";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workFolder;

    private DashboardProcess(Process process, Uri baseUri, string workFolder)
    {
        _process = process;
        BaseUri = baseUri;
        _workFolder = workFolder;
    }

    public Uri BaseUri { get; }

    /// <summary>
    /// The dashboard to run: <paramref name="folder"/> when given, else <see cref="PublishDirVariable"/>, else the
    /// repository's <c>artifacts/publish</c> — published there first (<c>dotnet publish -c Release</c>) when missing.
    /// </summary>
    public static async Task<string> LocateAsync(string? folder, TextWriter progress, CancellationToken ct)
    {
        folder ??= Environment.GetEnvironmentVariable(PublishDirVariable) is { Length: > 0 } published ? published : null;
        if (folder is not null)
            return File.Exists(Path.Combine(folder, Assembly)) ? folder : throw new FileNotFoundException($"{folder} holds no {Assembly}: publish the dashboard there first.");
        var root = RepositoryRoot() ?? throw new DirectoryNotFoundException($"Not inside the HubWatch repository: give the folder of a published dashboard ({Assembly}).");
        folder = Path.Combine(root, "artifacts", "publish");
        if (File.Exists(Path.Combine(folder, Assembly)))
            return folder;
        await progress.WriteLineAsync($"publishing the dashboard into {folder}");
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "HubWatch.Web"), "-c", "Release", "-o", folder, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = publish.StandardOutput.ReadToEndAsync(ct);
        var errors = await publish.StandardError.ReadToEndAsync(ct);
        await publish.WaitForExitAsync(ct);
        return publish.ExitCode == 0 ? folder : throw new InvalidOperationException($"dotnet publish failed:\n{await output}{errors}");
    }

    /// <summary>
    /// The dashboard over the SQLite file <paramref name="database"/> as it is: a hub nobody calls (no demo hub, no
    /// crawl), no job, no per-visitor limit (a benchmark is one visitor asking a lot), a throwaway admin secret.
    /// </summary>
    public static Task<DashboardProcess> StartOverAsync(string folder, string database, CancellationToken ct) => StartAsync(folder,
    [
        $"--ConnectionStrings:HubWatch=Data Source={database}",
        "--Hub:BaseUrl=http://127.0.0.1:9/",
        .. HubWatchJobs.All.Select(job => $"--{job.Section}:Enabled=false"),
        "--Dashboard:RequestsPerMinute=0",
        // a generated secret would be printed and kept beside the database
        $"--Admin:Secret={Convert.ToHexString(RandomNumberGenerator.GetBytes(32))}",
        "--Logging:LogLevel:Default=Warning",
    ], ct);

    /// <param name="settings">Command-line configuration, e.g. <c>--ConnectionStrings:HubWatch=…</c>.</param>
    public static async Task<DashboardProcess> StartAsync(string folder, IEnumerable<string> settings, CancellationToken ct)
    {
        var baseUri = new Uri($"http://127.0.0.1:{FreePort()}/");
        var work = Directory.CreateTempSubdirectory("hubwatch-dashboard-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(Path.GetFullPath(folder), Assembly), $"--urls={baseUri.AbsoluteUri.TrimEnd('/')}" }.Concat(settings))
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var dashboard = new DashboardProcess(Process.Start(start)!, baseUri, work);
        dashboard._process.OutputDataReceived += (_, e) => dashboard.Append(e.Data);
        dashboard._process.ErrorDataReceived += (_, e) => dashboard.Append(e.Data);
        dashboard._process.BeginOutputReadLine();
        dashboard._process.BeginErrorReadLine();
        try
        {
            await dashboard.WaitUntilHealthyAsync(ct);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp cleanup
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The dashboard exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("healthz", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // not listening yet
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"The dashboard did not become healthy within {StartTimeout.TotalSeconds:F0} s:\n{Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HubWatch.sln")))
                return folder.FullName;
        }
        return null;
    }
}
