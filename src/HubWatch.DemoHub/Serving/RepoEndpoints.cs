using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HubWatch.DemoHub.Catalog;
using Microsoft.AspNetCore.Http;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// One repository's endpoints: model info (also at a revision), the file tree with sizes and LFS sha256, and file
/// downloads with Range — with 307 redirects from a renamed repository's old id, as the Hub answers.
/// </summary>
internal sealed class RepoEndpoints(GeneratedHub hub, ModelDocuments documents, HubTimeline timeline)
{
    /// <summary><c>/api/models/{author}/{name}[/revision/{rev} | /tree/{rev}[/{path}]]</c></summary>
    public IResult Api(HttpContext context, string rest)
    {
        var segments = rest.Split('/');
        if (segments.Length < 2)
            return NotFound("Repository not found");
        var id = $"{segments[0]}/{segments[1]}";
        var repo = Visible(id);
        if (repo is null)
            return Redirect(context, id) ?? NotFound("Repository not found");

        switch (segments.Length)
        {
            case 2:
                return Json(documents.Full(repo));
            case 4 when segments[2] == "revision":
                return IsRevision(repo, segments[3]) ? Json(documents.Full(repo)) : NotFound("Revision not found");
            case >= 4 when segments[2] == "tree":
                return IsRevision(repo, segments[3]) ? Tree(repo, string.Join('/', segments[4..])) : NotFound("Revision not found");
            default:
                return NotFound("Not found");
        }
    }

    /// <summary><c>GET|HEAD /{author}/{name}/resolve/{rev}/{path}</c></summary>
    public async Task Resolve(HttpContext context, string author, string name, string rev, string path, bool ignoreRange)
    {
        var id = $"{author}/{name}";
        var repo = Visible(id);
        if (repo is null)
        {
            await (Redirect(context, id) ?? NotFound("Repository not found")).ExecuteAsync(context);
            return;
        }
        var file = repo.Files.FirstOrDefault(f => f.Path == path);
        if (!IsRevision(repo, rev) || file is null)
        {
            await NotFound("Entry not found").ExecuteAsync(context);
            return;
        }
        await FileResponse.WriteAsync(context, hub, repo, file, ETagOf(repo, file), ignoreRange);
    }

    private HubRepo? Visible(string id) => hub.Find(id) is { } repo && timeline.IsVisible(repo) ? repo : null;

    private static bool IsRevision(HubRepo repo, string rev) => rev == "main" || rev == repo.Sha;

    /// <summary>Files at the root (or under a folder): path, size, git oid; LFS files add their sha256.</summary>
    private IResult Tree(HubRepo repo, string folder)
    {
        var entries = new JsonArray();
        foreach (var file in repo.Files.Where(f => folder.Length == 0 || f.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
        {
            var size = hub.SizeOf(repo, file);
            var entry = new JsonObject { ["type"] = "file", ["oid"] = GitOid(repo, file), ["size"] = size, ["path"] = file.Path };
            if (!file.IsText)
            {
                var lfs = new JsonObject();
                if (hub.Sha256Of(repo, file) is { } sha256)
                    lfs["oid"] = sha256;
                lfs["size"] = size;
                lfs["pointerSize"] = 134;
                entry["lfs"] = lfs;
            }
            entries.Add(entry);
        }
        return Json(entries);
    }

    /// <summary>307 to the new id when <paramref name="id"/> is a renamed repository's old one; null otherwise.</summary>
    private IResult? Redirect(HttpContext context, string id)
    {
        if (hub.RenamedTo(id) is not { } target)
            return null;
        var path = context.Request.Path.Value!.Replace(id, target, StringComparison.Ordinal);
        context.Response.Headers["X-Error-Message"] = "Repository was renamed";
        return Results.Redirect(path + context.Request.QueryString, permanent: false, preserveMethod: true);
    }

    /// <summary>A stable stand-in for the git blob id of a file at this commit.</summary>
    private static string GitOid(HubRepo repo, RepoFile file) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{repo.Sha}/{file.Path}")));

    private static string ETagOf(HubRepo repo, RepoFile file) => $"\"{GitOid(repo, file)}\"";

    private static IResult Json(JsonNode node) => Results.Content(node.ToJsonString(), "application/json; charset=utf-8");

    private static IResult NotFound(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status404NotFound);
}
