namespace HubWatch.Hub.Http;

/// <summary>
/// One policy of an IETF <c>RateLimit</c> header as the Hub sends it (<c>"api";r=0;t=141</c>): requests remaining
/// in the window and seconds until it resets; either may be missing.
/// </summary>
public sealed record HubRateLimit(string Policy, long? Remaining, TimeSpan? Reset);
