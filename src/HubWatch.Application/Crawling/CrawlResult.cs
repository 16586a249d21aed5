namespace HubWatch.Application.Crawling;

/// <summary>What one crawl run did.</summary>
/// <param name="Failed">Listing elements that could not be read or stored.</param>
/// <param name="CardsFailed">Cards refused or failed (see <see cref="CardRun.Failed"/>).</param>
public sealed record CrawlResult(int New, int Updated, int Failed, int Requests, bool PassCompleted, int CardsRead = 0, int CardsFailed = 0);
