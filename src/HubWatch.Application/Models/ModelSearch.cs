using HubWatch.Domain.Lineage;
namespace HubWatch.Application.Models;

/// <summary>A page of the models table: search by id or author, filters, 1-based page.</summary>
/// <param name="License">Declared licence id (e.g. <c>apache-2.0</c>), or <c>none</c> for cards that declare none.</param>
/// <param name="Architecture">The config's architecture class (e.g. <c>LlamaForCausalLM</c>).</param>
/// <param name="Month">Upload month <c>YYYY-MM</c>, or "before 2022-03".</param>
public sealed record ModelSearch(string? Search = null, string? Relation = null, string? Flag = null, int Page = 1, int PageSize = 50,
    string? License = null, string? Architecture = null, string? Month = null)
{
    /// <summary>A filter on the model's own columns (not its verdict) applies.</summary>
    public bool FiltersModels => !string.IsNullOrWhiteSpace(Search) || License is not null || Architecture is not null || Month is not null;

    /// <summary>No filter narrows the rows: the total is known from the monthly figures without counting.</summary>
    public bool IsUnfiltered => string.IsNullOrWhiteSpace(Search) && Relation is null && string.IsNullOrEmpty(Flag) && License is null
        && Architecture is null && Month is null;

    public const int MaxPageSize = 200;

    /// <summary>Far beyond any hub (3 million models are 60,000 pages of 50) and where the row offset still fits an int.</summary>
    public const int MaxPage = 1_000_000;

    public IEnumerable<string> Errors()
    {
        if (Page is < 1 or > MaxPage)
            yield return $"page must be between 1 and {MaxPage}, not {Page}";
        if (PageSize is < 1 or > MaxPageSize)
            yield return $"pageSize must be between 1 and {MaxPageSize}, not {PageSize}";
        if (Relation is not null && !Relations.All.Contains(Relation) && Relation != "none")
            yield return $"relation must be one of {string.Join(", ", Relations.All)} or none, not '{Relation}'";
        if (Month is not null && Month != Domain.Hub.UploadDate.BeforeTrackingLabel && !Domain.Time.YearMonth.TryParse(Month, out _))
            yield return $"month must be YYYY-MM or '{Domain.Hub.UploadDate.BeforeTrackingLabel}', not '{Month}'";
    }
}

/// <summary>A model as the table lists it, with its current verdict (null before it was judged).</summary>
public sealed record ModelRow(string Id, string? Author, DateTime CreatedAt, string? UploadMonth, string? License, string? Architecture, long Downloads,
    string? Relation, string? Method, string? TopParent, int Flags, string? Summary);

public sealed record ModelSearchResult(int Total, int Page, int PageSize, IReadOnlyList<ModelRow> Items);

/// <summary>What the filters of the models table can choose from.</summary>
public sealed record ModelFacets(IReadOnlyList<string> Licenses, IReadOnlyList<string> Architectures, IReadOnlyList<string> Months);
