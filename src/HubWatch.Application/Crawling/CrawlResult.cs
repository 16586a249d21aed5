namespace HubWatch.Application.Crawling;

/// <summary>What one crawl run did.</summary>
public sealed record CrawlResult(int New, int Updated, int Failed, int Requests, bool PassCompleted, int CardsRead = 0);
