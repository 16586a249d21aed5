using HubWatch.DemoHub.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// Writes a file with HTTP range semantics (RFC 9110 §14): one byte range gets 206 with Content-Range, a range
/// that starts past the end gets 416, no Range gets 200 with the whole file. A multi-range request gets the whole
/// file too, which RFC 9110 allows a server to do.
/// </summary>
internal static class FileResponse
{
    public static async Task WriteAsync(HttpContext context, GeneratedHub hub, HubRepo repo, RepoFile file, string etag, bool ignoreRange)
    {
        var response = context.Response;
        var length = hub.SizeOf(repo, file);
        response.Headers.ETag = etag;
        response.Headers.AcceptRanges = "bytes";
        response.Headers["X-Repo-Commit"] = repo.Sha;
        response.ContentType = file.IsText ? ContentTypeOf(file.Path) : "application/octet-stream";

        var (start, count) = (0L, length);
        if (!ignoreRange && RangeOf(context.Request, length, out var range) is { } status)
        {
            if (status == StatusCodes.Status416RangeNotSatisfiable)
            {
                response.StatusCode = status;
                response.Headers.ContentRange = $"bytes */{length}";
                return;
            }
            (start, count) = range;
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {start}-{start + count - 1}/{length}";
        }
        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method) || count == 0)
            return;

        if (file.IsText || hub.IsEdited(repo, file))
        {
            await response.Body.WriteAsync(hub.ReadText(repo, file).AsMemory((int)start, (int)count), context.RequestAborted);
            return;
        }
        await hub.Open(repo, file).CopyToAsync(response.Body, start, count, context.RequestAborted);
    }

    /// <summary>206 with (start, count) for one satisfiable range, 416 when it starts past the end, null to send all.</summary>
    private static int? RangeOf(HttpRequest request, long length, out (long Start, long Count) range)
    {
        range = default;
        var header = request.Headers.Range.ToString();
        if (header.Length == 0 || !RangeHeaderValue.TryParse(header, out var parsed) || parsed.Unit != "bytes" || parsed.Ranges.Count != 1)
            return null;
        var item = parsed.Ranges.First();
        long start, end;
        if (item.From is { } from)
        {
            if (from >= length)
                return StatusCodes.Status416RangeNotSatisfiable;
            (start, end) = (from, Math.Min(item.To ?? length - 1, length - 1));
        }
        else if (item.To is { } suffix && suffix > 0)
        {
            (start, end) = (Math.Max(0, length - suffix), length - 1);
        }
        else
        {
            return StatusCodes.Status416RangeNotSatisfiable;
        }
        range = (start, end - start + 1);
        return StatusCodes.Status206PartialContent;
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".json" => "application/json; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}
