namespace HubWatch.Application.Models;

/// <summary>A page of the models table: search by id or author, filters, 1-based page.</summary>
public sealed record ModelSearch(string? Search = null, string? Relation = null, string? Flag = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;

    public IEnumerable<string> Errors()
    {
        if (Page < 1)
            yield return $"page must be 1 or more, not {Page}";
        if (PageSize is < 1 or > MaxPageSize)
            yield return $"pageSize must be between 1 and {MaxPageSize}, not {PageSize}";
        if (Relation is not null && !Classification.Relations.All.Contains(Relation) && Relation != "none")
            yield return $"relation must be one of {string.Join(", ", Classification.Relations.All)} or none, not '{Relation}'";
    }
}

/// <summary>A model as the table lists it, with its current verdict (null before it was judged).</summary>
public sealed record ModelRow(string Id, string? Author, DateTime CreatedAt, string? UploadMonth, string? License, long Downloads,
    string? Relation, string? Method, string? TopParent, int Flags, string? Summary);

public sealed record ModelPage(int Total, int Page, int PageSize, IReadOnlyList<ModelRow> Items);
