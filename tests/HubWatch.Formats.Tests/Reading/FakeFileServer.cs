using System.Net;
using System.Net.Http.Headers;

namespace HubWatch.Formats.Tests.Reading;

/// <summary>
/// Serves one byte array the way a hub's CDN would: 206 for Range requests, or, with <c>honourRange: false</c>,
/// a plain 200 with the whole file, as some misconfigured mirrors do.
/// </summary>
internal sealed class FakeFileServer(byte[] data, bool honourRange = true) : HttpMessageHandler
{
    public List<RangeHeaderValue?> Ranges { get; } = [];

    public HttpStatusCode? ForcedStatus { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Ranges.Add(request.Headers.Range);
        if (ForcedStatus is { } status)
        {
            return Task.FromResult(new HttpResponseMessage(status));
        }

        var range = request.Headers.Range?.Ranges.Single();
        if (!honourRange || range is null)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data) });
        }

        var from = range.From!.Value;
        var to = Math.Min(range.To!.Value, data.Length - 1);
        var content = new ByteArrayContent(data, (int)from, (int)(to - from + 1));
        content.Headers.ContentRange = new ContentRangeHeaderValue(from, to, data.Length);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content });
    }
}
