using System.Net;

namespace HubWatch.Hub.Http;

/// <summary>
/// A response body that must arrive whole within a deadline counted from its headers: a server that sends headers
/// and then nothing, or a byte a minute, gets an <see cref="IOException"/> instead of a reader waiting forever.
/// The headers of the original content (length, range, type) are kept.
/// </summary>
internal sealed class HubBodyDeadline : HttpContent
{
    private readonly HttpContent _inner;
    private readonly CancellationTokenSource _deadline;
    private readonly TimeSpan _timeout;
    private readonly string _what;

    public HubBodyDeadline(HttpContent inner, TimeSpan timeout, TimeProvider time, string what)
    {
        _inner = inner;
        _timeout = timeout;
        _what = what;
        _deadline = new CancellationTokenSource(timeout, time);
        foreach (var (name, values) in inner.Headers)
            Headers.TryAddWithoutValidation(name, values);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new DeadlineStream(await _inner.ReadAsStreamAsync(cancellationToken), this);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var body = await CreateContentReadStreamAsync(cancellationToken);
        await body.CopyToAsync(stream, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false; // Content-Length, when the server sent one, is among the copied headers
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deadline.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private IOException TooSlow(Exception inner) =>
        new($"{_what} did not send its whole body within {_timeout.TotalSeconds:0.###} s of its headers", inner);

    private sealed class DeadlineStream(Stream inner, HubBodyDeadline owner) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, owner._deadline.Token);
            try
            {
                return await inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException e) when (owner._deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw owner.TooSlow(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // Synchronous reads cannot be cancelled; nothing in HubWatch makes them, and they must not escape the deadline.
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
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

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
