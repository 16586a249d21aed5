namespace HubWatch.Application.Crawling;

/// <summary>What one refresh run did.</summary>
public sealed record RefreshResult(int Changed, int New, int Deleted, int Renamed, int Verified, int Failed, int Requests);
