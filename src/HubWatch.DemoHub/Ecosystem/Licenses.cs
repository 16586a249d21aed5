namespace HubWatch.DemoHub.Ecosystem;

/// <summary>The licences of the demo hub and the re-licensing moves that break a parent's terms.</summary>
internal static class Licenses
{
    public const string Apache = "apache-2.0";
    public const string Mit = "mit";
    public const string Llama3 = "llama3";
    public const string NonCommercial = "cc-by-nc-4.0";
    public const string Other = "other";

    public static string ForBase(Random random) => random.NextDouble() switch
    {
        < 0.40 => Apache,
        < 0.60 => Mit,
        < 0.75 => Llama3,
        < 0.90 => NonCommercial,
        _ => "openrail",
    };

    /// <summary>A licence change an uploader might make on a derivative, or null when there is no tempting one.</summary>
    public static string? Relicense(string parent) => parent switch
    {
        Apache => Mit,
        NonCommercial => Apache,
        Llama3 => Apache,
        Other => Mit,
        _ => null,
    };

    /// <summary>Why <paramref name="declared"/> conflicts with the parents' licences, or null when it does not.</summary>
    public static string? Conflict(string? declared, IReadOnlyCollection<string> parents)
    {
        if (declared is null || parents.Count == 0 || parents.All(p => p == declared))
            return null;
        if (parents.Contains(NonCommercial) && declared != NonCommercial)
            return $"{declared} (commercial use allowed) on a derivative of a non-commercial ({NonCommercial}) parent";
        if (parents.Contains(Llama3) && declared != Llama3)
            return $"{declared} drops the Llama 3 community licence of a parent";
        if (parents.Contains(Other) && declared != Other)
            return $"{declared} replaces a parent's custom licence";
        if (parents.Contains(Apache) && declared == Mit)
            return "MIT on a derivative of an Apache-2.0 parent, without its notice and attribution";
        return null;
    }
}
