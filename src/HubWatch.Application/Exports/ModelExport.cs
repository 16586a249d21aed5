using HubWatch.Application.Models;

namespace HubWatch.Application.Exports;

/// <summary>What an export of one model needs beyond the model page: revisions, licences and weight-file hashes of it and its lineage.</summary>
/// <param name="Related">Parents and further ancestors, by id; a parent the crawl never stored is missing.</param>
public sealed record ModelExport(ModelDetail Detail, ExportedModel Model, IReadOnlyDictionary<string, ExportedModel> Related);

/// <summary>One stored model as exports describe it.</summary>
/// <param name="Revision">The commit as last crawled; the files and their hashes belong to it.</param>
/// <param name="LicenseName">The card's <c>license_name</c>, which names a custom ("other") licence.</param>
public sealed record ExportedModel(
    string Id,
    string? Author,
    string? Revision,
    string? License,
    string? LicenseName,
    string? PipelineTag,
    IReadOnlyList<string> Datasets,
    DateTime LastCrawledAt,
    IReadOnlyList<WeightFile> Files);

/// <summary>A weight file; <paramref name="Sha256"/> is its LFS oid, the SHA-256 of its bytes, when the file tree has been read.</summary>
public sealed record WeightFile(string Path, long? Size, string? Sha256);
