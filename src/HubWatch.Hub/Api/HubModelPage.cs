namespace HubWatch.Hub.Api;

/// <summary>One page of a model listing. Elements that could not be read are reported, not thrown.</summary>
public sealed record HubModelPage(IReadOnlyList<HubModelInfo> Models, IReadOnlyList<HubItemError> Errors, Uri? Next);

/// <summary>A listing element HubWatch could not read: its position, its id when one was readable, and why.</summary>
public sealed record HubItemError(int Index, string? Id, string Reason);
