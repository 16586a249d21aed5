using System.Buffers.Binary;
using System.Text.Json;
using HubWatch.DemoHub.Serving;
using HubWatch.DemoHub.Tests.Ecosystem;

namespace HubWatch.DemoHub.Tests.Serving;

/// <summary>The generated demo hub served on a loopback port, read with a plain HttpClient.</summary>
public abstract class ServedHub(GeneratedHubFixture generated) : IAsyncLifetime
{
    protected GeneratedHubFixture Generated { get; } = generated;
    protected DemoHubServer Server { get; private set; } = null!;
    protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await DemoHubServer.StartAsync(GeneratedHub.Load(Generated.Folder));
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    protected async Task<byte[]> RangeAsync(string url, long from, long to)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(from, to);
        using var response = await Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A safetensors header read with two Range requests: the 8-byte length, then the JSON.</summary>
    protected async Task<(long DataStart, JsonElement Header)> SafetensorsHeaderAsync(string url)
    {
        var length = BinaryPrimitives.ReadInt64LittleEndian(await RangeAsync(url, 0, 7));
        Assert.InRange(length, 2, 100_000_000);
        var json = await RangeAsync(url, 8, 8 + length - 1);
        return (8 + length, JsonDocument.Parse(json).RootElement.Clone());
    }
}
