namespace HubWatch.Domain.Hub;

/// <summary>
/// Whether a repository says it was made with mergekit: a <c>mergekit_config.yml</c>, a <c>mergekit_version</c> in its
/// shard index, or the <c>mergekit</c> tag. The one rule the trend, the model page and the flags all use.
/// </summary>
public static class MergekitDeclaration
{
    public const string Tag = "mergekit";

    public static bool Declares(bool hasConfig, string? version, IEnumerable<string> tags) =>
        hasConfig || !string.IsNullOrEmpty(version) || tags.Contains(Tag, StringComparer.Ordinal);
}
