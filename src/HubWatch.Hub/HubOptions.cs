namespace HubWatch.Hub;

/// <summary>Which hub HubWatch watches (section <c>Hub</c>). The token never comes from a file: see <see cref="TokenVariable"/>.</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";
    public const string TokenVariable = "HF_TOKEN";

    /// <summary>Empty: the embedded demo hub. Otherwise a hub root such as <c>https://huggingface.co</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Models per list page (the Hub serves at most 1000).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Pages one crawl run reads at most; the next run resumes where it stopped.</summary>
    public int MaxPagesPerRun { get; set; } = 50;

    /// <summary>Cards (README, mergekit config, shard index) read per crawl run at most; the rest wait for the next.</summary>
    public int CardsPerRun { get; set; } = 5000;

    /// <summary>Stored models the refresh asks the hub about directly per run (deletions and renames show only so).</summary>
    public int VerifyPerRefresh { get; set; } = 100;
}
