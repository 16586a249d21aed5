namespace HubWatch.Provenance.Declarations;

/// <summary>
/// Whether a derivative's declared licence respects its parents' (SPDX-style ids as the crawl normalises them). The
/// rules are the common cases, not legal advice: a non-commercial parent binds its derivatives, community licences
/// (Llama, Gemma) must be kept, a custom licence cannot be swapped, and Apache-2.0 requires its notice, which an MIT
/// licence alone does not carry.
/// </summary>
public static class LicenseCheck
{
    private static readonly string[] Community = ["llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma"];

    /// <returns>Why the declared licence conflicts, or null when it does not (or nothing is known).</returns>
    public static string? Conflict(string? declared, IReadOnlyCollection<string> parents)
    {
        if (string.IsNullOrEmpty(declared) || parents.Count == 0 || parents.All(p => p == declared))
            return null;
        if (parents.FirstOrDefault(IsNonCommercial) is { } nc && !IsNonCommercial(declared))
            return $"{declared} allows commercial use of a derivative of a non-commercial ({nc}) parent";
        if (parents.FirstOrDefault(p => Community.Contains(p)) is { } community && declared != community)
            return $"{declared} drops the {community} community licence of a parent";
        if (parents.Contains("other") && declared != "other")
            return $"{declared} replaces a parent's custom licence";
        if (parents.Contains("apache-2.0") && declared == "mit")
            return "MIT on a derivative of an Apache-2.0 parent, without its notice and attribution";
        return null;
    }

    private static bool IsNonCommercial(string license) => license.Contains("-nc", StringComparison.OrdinalIgnoreCase) || license.Contains("noncommercial", StringComparison.OrdinalIgnoreCase);
}
