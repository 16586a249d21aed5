namespace HubWatch.Hub.Api;

/// <summary>What the hub says about one id: the model, a rename (307 to another id), or that it is gone (404).</summary>
public sealed record ModelLookup(HubModelInfo? Model, string? RenamedTo)
{
    public bool Gone => Model is null && RenamedTo is null;
}
