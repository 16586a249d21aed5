namespace HubWatch.Hub.Cards;

/// <summary>How a model is named in a card or a mergekit config.</summary>
public static class ModelReference
{
    /// <summary>
    /// True when the name is a path on the uploader's machine rather than a hub repository: a drive letter
    /// (<c>D:/Uni/...</c>), a leading <c>/</c>, <c>./</c>, <c>../</c> or <c>~</c>, a backslash, or more than one
    /// <c>/</c> (a hub id is <c>name</c> or <c>owner/name</c>). URLs are not paths. Such a name points at no hub repo,
    /// so it cannot be followed, only counted.
    /// </summary>
    public static bool IsLocalPath(string name)
    {
        var text = name.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
            return false;
        return HasDriveLetter(text)
            || text.StartsWith('/') || text.StartsWith("./", StringComparison.Ordinal) || text.StartsWith("../", StringComparison.Ordinal)
            || text.StartsWith('~') || text.Contains('\\')
            || text.Count(c => c == '/') > 1;
    }

    private static bool HasDriveLetter(string text) => text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':';
}
