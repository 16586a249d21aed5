using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HubWatch.EndToEnd.Tests;

/// <summary>
/// The dashboard as a user runs it after <c>dotnet publish</c>: the published binary, Production environment, its own
/// port, a fresh SQLite file, a working directory that is not the repository — and the embedded demo hub.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public const string Collection = "published app";

    /// <summary>Set by tests/run.sh, which publishes once before the tests; otherwise the fixture publishes.</summary>
    public const string PublishDirVariable = "HUBWATCH_PUBLISH_DIR";

    private readonly StringBuilder _output = new();
    private Process? _process;
    private string _workFolder = "";

    public const int DemoScale = 6;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The admin secret the app generated and printed once at its first start.</summary>
    public string AdminSecret => Regex.Match(Output, @"HubWatch admin secret, generated now.*: (\S+)\s*$", RegexOptions.Multiline) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"No admin secret was printed:\n{Output}");

    /// <summary>Waits until the background jobs have crawled, fingerprinted and judged <paramref name="modelId"/>.</summary>
    public async Task WaitUntilJudgedAsync(string modelId, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync($"api/models/{modelId}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (json.RootElement.GetProperty("verdict").ValueKind == JsonValueKind.Object)
                    return;
            }
            await Task.Delay(2000);
        }
        throw new TimeoutException($"{modelId} had no verdict after {timeout}:\n{Output[^Math.Min(Output.Length, 4000)..]}");
    }
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        var published = Environment.GetEnvironmentVariable(PublishDirVariable) is { Length: > 0 } dir ? dir : await PublishAsync();
        _workFolder = Directory.CreateTempSubdirectory("hubwatch-e2e-").FullName;
        BaseUri = new Uri($"http://127.0.0.1:{FreePort()}/");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(published, "HubWatch.Web.dll"),
                "--urls", BaseUri.AbsoluteUri.TrimEnd('/'),
                "--ConnectionStrings:HubWatch", $"Data Source={Path.Combine(_workFolder, "hubwatch.db")}",
                "--Hub:Demo:Folder", Path.Combine(_workFolder, "demo-hub"),
                // a smaller scenario than the default (about 400 models, the Rio-like giants included), so the jobs
                // crawl, fingerprint and classify it within the test run
                "--Hub:Demo:Scale", DemoScale.ToString(CultureInfo.InvariantCulture),
            },
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp cleanup
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"The published app exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // still starting
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The published app did not become healthy within 90 s:\n{Output}");
    }

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(RepositoryRoot, "artifacts", "publish-e2e");
        var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepositoryRoot, "src", "HubWatch.Web"), "-c", "Release", "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        return publish.ExitCode == 0 ? output : throw new InvalidOperationException($"dotnet publish failed:\n{log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HubWatch.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("HubWatch.sln not found above the test binary.");
    }
}

/// <summary>One published app process shared by every end-to-end test class.</summary>
[CollectionDefinition(PublishedApp.Collection)]
public sealed class PublishedAppCollection : ICollectionFixture<PublishedApp>;
