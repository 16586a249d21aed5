namespace HubWatch.Data.Entities;

/// <summary>Where the crawl of one hub stands, so the next run fetches only what is new and a crash resumes.</summary>
public sealed class CrawlCheckpoint
{
    /// <summary>The hub's root URL (the demo hub is keyed "demo").</summary>
    public required string HubKey { get; set; }

    /// <summary>The newest createdAt stored by a completed pass; a pass stops once it pages below it.</summary>
    public DateTime? NewestCreatedAt { get; set; }
    public string? NewestId { get; set; }

    /// <summary>The next page of a pass that has not finished, to resume from after a crash.</summary>
    public string? ResumePage { get; set; }

    /// <summary>The newest createdAt seen by the pass in progress; becomes <see cref="NewestCreatedAt"/> when it ends.</summary>
    public DateTime? PassNewestCreatedAt { get; set; }
    public string? PassNewestId { get; set; }

    /// <summary>The refresh has seen every change up to this lastModified.</summary>
    public DateTime? RefreshedUntil { get; set; }

    public DateTime UpdatedAt { get; set; }
}
