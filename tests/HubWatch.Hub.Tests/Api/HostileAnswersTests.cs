using System.Net;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub.Api;
using HubWatch.Testing;

namespace HubWatch.Hub.Tests.Api;

/// <summary>Answers a hub gone bad sends, over real HTTP through a <see cref="TamperingHub"/>.</summary>
public sealed class HostileAnswersTests : IAsyncLifetime
{
    private readonly ReadCounter _read = new();
    private DemoHubServer _demo = null!;
    private TamperingHub _hub = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _demo = await TestHub.ServeAsync();
        _hub = await TamperingHub.StartAsync(_demo.BaseUri);
        _http = new HttpClient(new CountingHandler(_read) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = _hub.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
        await _demo.DisposeAsync();
    }

    [Theory]
    [InlineData("model")]
    [InlineData("tree")]
    public async Task An_error_body_of_hundreds_of_megabytes_is_read_for_its_first_words_only(string request)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        _hub.Answer(r => r.Path.StartsWithSegments("/api/models"), async context =>
        {
            context.Response.StatusCode = 403;
            context.Response.ContentLength = 256L << 20;
            for (var i = 0; i < 4096 && !context.RequestAborted.IsCancellationRequested; i++)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });
        var repo = TestHub.Hub.Repos[0];
        var client = new HubClient(_http);

        var error = await Assert.ThrowsAsync<HubRequestException>(() => request == "model"
            ? client.LookupModelAsync(repo.Id, CancellationToken.None)
            : client.GetTreeAsync(repo.Id, repo.Sha, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.True(error.Permanent);
        Assert.Contains("answered 403", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 500, error.Message);
        Assert.InRange(_read.Bytes, 1, HubRequestException.MaxErrorBodyBytes);
    }

    [Theory]
    [InlineData("list", HubClient.MaxListPageBytes)]
    [InlineData("model", HubClient.MaxModelInfoBytes)]
    [InlineData("tree", HubClient.MaxTreeBytes)]
    public async Task A_200_body_that_never_ends_is_refused_at_its_kinds_cap(string request, int cap)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' '); // whitespace: valid JSON so far, however long it goes on
        _hub.Answer(r => r.Path.StartsWithSegments("/api/models"), async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync("["u8.ToArray(), context.RequestAborted);
            for (var i = 0; i < 4096 && !context.RequestAborted.IsCancellationRequested; i++) // 256 MiB, chunked: no length to refuse it by
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });
        var repo = TestHub.Hub.Repos[0];
        var client = new HubClient(_http);

        var error = await Assert.ThrowsAsync<HubRequestException>(() => request switch
        {
            "list" => client.GetModelPageAsync(HubClient.NewestFirst(100), CancellationToken.None),
            "model" => client.LookupModelAsync(repo.Id, CancellationToken.None),
            _ => client.GetTreeAsync(repo.Id, repo.Sha, CancellationToken.None),
        });

        Assert.True(error.Permanent);
        Assert.Contains($"over {cap} bytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(_read.Bytes, cap, cap + 2 * chunk.Length);
    }

    private sealed class ReadCounter
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public void Add(int n) => Interlocked.Add(ref _bytes, n);
    }

    /// <summary>Counts the body bytes HubWatch's code actually reads, whatever HttpClient does underneath.</summary>
    private sealed class CountingHandler(ReadCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var inner = response.Content;
            var counted = new StreamContent(new CountingStream(await inner.ReadAsStreamAsync(cancellationToken), counter));
            foreach (var (name, values) in inner.Headers)
                counted.Headers.TryAddWithoutValidation(name, values);
            response.Content = counted;
            return response;
        }
    }

    private sealed class CountingStream(Stream inner, ReadCounter counter) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Counted(int n)
        {
            counter.Add(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
