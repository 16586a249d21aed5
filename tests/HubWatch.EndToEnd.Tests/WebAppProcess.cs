using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HubWatch.EndToEnd.Tests;

/// <summary>
/// One run of the published dashboard as its own process, as a user starts it: the published binary, Production,
/// a loopback port, settings as command-line arguments. Tests start, kill and signal it.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    /// <summary>Set by tests/run.sh, which publishes once before the tests; otherwise the first start publishes.</summary>
    public const string PublishDirVariable = "HUBWATCH_PUBLISH_DIR";

    private static readonly Lazy<Task<string>> Published = new(() =>
        Environment.GetEnvironmentVariable(PublishDirVariable) is { Length: > 0 } dir ? Task.FromResult(dir) : PublishAsync());

    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private WebAppProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseUri { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Starts the app in <paramref name="workFolder"/> and waits until <c>/healthz</c> answers.</summary>
    /// <param name="settings">Pairs of key and value, as <c>--Key value</c> arguments.</param>
    public static async Task<WebAppProcess> StartAsync(string workFolder, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var baseUri = new Uri($"http://127.0.0.1:{FreePort()}/");
        start.ArgumentList.Add(Path.Combine(await Published.Value, "HubWatch.Web.dll"));
        foreach (var argument in (string[])["--urls", baseUri.AbsoluteUri.TrimEnd('/'), .. settings])
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var app = new WebAppProcess(Process.Start(start)!, baseUri);
        await app.WaitUntilHealthyAsync();
        return app;
    }

    /// <summary>kill -9: no handler runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM (what kill, systemd and container runtimes send) and waits up to <paramref name="time"/> for the exit.</summary>
    public async Task<bool> TerminateAsync(TimeSpan time)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(time);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
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
            if (_process.HasExited)
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
