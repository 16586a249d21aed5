using System.Net;
using HubWatch.Formats.Reading;
using static HubWatch.Formats.Tests.Reading.ReadingTestFiles;

namespace HubWatch.Formats.Tests.Reading;

public class HttpByteSourceTests
{
    private static readonly Uri FileUri = new("https://hub.example/model.safetensors");
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Ranges_are_requested_and_counted()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var server = new FakeFileServer(data);
        using var client = new HttpClient(server);
        var source = new HttpByteSource(client, FileUri, new ByteBudget(1_000));

        var buffer = new byte[20];
        var read = await source.ReadAsync(300, buffer, Ct);

        Assert.Equal(20, read);
        Assert.Equal(data[300..320], buffer);
        Assert.Equal("bytes=300-319", server.Ranges.Single()!.ToString());
        Assert.Equal(data.Length, source.Length);
        Assert.Equal(1, source.Requests);
        Assert.Equal(20, source.BytesRead);
    }

    [Fact]
    public async Task A_safetensors_header_costs_two_small_requests()
    {
        var data = Bytes(StoriesF32Safetensors);
        using var client = new HttpClient(new FakeFileServer(data));
        var source = new HttpByteSource(client, FileUri, new ByteBudget(64 * 1024));

        var header = await SafetensorsReader.ReadHeaderAsync(source, Ct);

        Assert.Equal(2, source.Requests);
        Assert.Equal(header.DataStart, source.BytesRead);
    }

    [Fact]
    public async Task A_server_ignoring_range_is_read_only_up_to_the_wanted_end()
    {
        var data = Enumerable.Range(0, 1_000_000).Select(i => (byte)(i * 7)).ToArray();
        using var client = new HttpClient(new FakeFileServer(data, honourRange: false));
        var source = new HttpByteSource(client, FileUri, new ByteBudget(1_000));

        var buffer = new byte[50];
        var read = await source.ReadAsync(100, buffer, Ct);

        Assert.Equal(50, read);
        Assert.Equal(data[100..150], buffer);
        Assert.Equal(150, source.BytesRead);
    }

    [Fact]
    public async Task A_server_ignoring_range_is_cut_at_the_budget()
    {
        var data = new byte[1_000_000];
        using var client = new HttpClient(new FakeFileServer(data, honourRange: false));
        var source = new HttpByteSource(client, FileUri, new ByteBudget(1_000));

        var error = await Assert.ThrowsAsync<ByteBudgetExceededException>(async () => await source.ReadAsync(5_000, new byte[10], Ct));

        Assert.Contains("byte budget of 1000", error.Message, StringComparison.Ordinal);
        Assert.Equal(1_000, source.BytesRead);
        Assert.Equal(1, source.Requests);
    }

    [Fact]
    public async Task A_read_larger_than_the_budget_is_refused_before_any_request()
    {
        using var client = new HttpClient(new FakeFileServer(new byte[10_000]));
        var source = new HttpByteSource(client, FileUri, new ByteBudget(100));

        await Assert.ThrowsAsync<ByteBudgetExceededException>(async () => await source.ReadAsync(0, new byte[101], Ct));

        Assert.Equal(0, source.Requests);
        Assert.Equal(0, source.BytesRead);
    }

    [Fact]
    public async Task Range_not_satisfiable_is_a_clear_error()
    {
        var server = new FakeFileServer(new byte[10]) { ForcedStatus = HttpStatusCode.RequestedRangeNotSatisfiable };
        using var client = new HttpClient(server);
        var source = new HttpByteSource(client, FileUri, new ByteBudget(100));

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () => await source.ReadAsync(20, new byte[4], Ct));

        Assert.Contains("416", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partial_answer_from_the_wrong_offset_is_refused()
    {
        var server = new WrongOffsetServer();
        using var client = new HttpClient(server);
        var source = new HttpByteSource(client, FileUri, new ByteBudget(100));

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () => await source.ReadAsync(20, new byte[4], Ct));

        Assert.Contains("from 0", error.Message, StringComparison.Ordinal);
    }

    private sealed class WrongOffsetServer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(new byte[4]);
            content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(0, 3, 100);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content });
        }
    }
}
