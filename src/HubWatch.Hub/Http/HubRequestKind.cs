namespace HubWatch.Hub.Http;

/// <summary>The two request kinds the Hugging Face Hub limits separately.</summary>
public enum HubRequestKind
{
    /// <summary>Paths under <c>/api/</c>.</summary>
    Api,

    /// <summary>Everything else: <c>/{repo}/resolve/{rev}/{path}</c> file reads.</summary>
    Resolve,
}
