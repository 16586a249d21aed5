using System.Globalization;
using System.Net;
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

    public const int DemoScale = 6;

    private WebAppProcess _app = null!;
    private string _workFolder = "";

    public Uri BaseUri => _app.BaseUri;

    public string Output => _app.Output;

    /// <summary>The admin secret the app generated and printed once at its first start.</summary>
    public string AdminSecret => Regex.Match(Output, @"HubWatch admin secret, generated now.*: (\S+)\s*$", RegexOptions.Multiline) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"No admin secret was printed:\n{Output}");

    public static string RepositoryRoot => WebAppProcess.RepositoryRoot;

    /// <summary>
    /// The settings of a dashboard over its own files in <paramref name="workFolder"/>: a fresh SQLite file and a
    /// smaller demo scenario than the default (about 400 models, the Rio-like giants included), so the jobs crawl,
    /// fingerprint and classify it within the test run.
    /// </summary>
    public static string[] Settings(string workFolder) =>
    [
        "--ConnectionStrings:HubWatch", $"Data Source={DatabasePath(workFolder)}",
        "--Hub:Demo:Folder", Path.Combine(workFolder, "demo-hub"),
        "--Hub:Demo:Scale", DemoScale.ToString(CultureInfo.InvariantCulture),
    ];

    public static string DatabasePath(string workFolder) => Path.Combine(workFolder, "hubwatch.db");

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

    public async Task InitializeAsync()
    {
        _workFolder = Directory.CreateTempSubdirectory("hubwatch-e2e-").FullName;
        _app = await WebAppProcess.StartAsync(_workFolder, Settings(_workFolder));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp cleanup
        }
    }
}

/// <summary>One published app process shared by every end-to-end test class.</summary>
[CollectionDefinition(PublishedApp.Collection)]
public sealed class PublishedAppCollection : ICollectionFixture<PublishedApp>;
