using System.Collections.Frozen;

namespace HubWatch.Application.Exports;

/// <summary>
/// The SPDX id of a Hub licence id, where one exists: CycloneDX accepts only ids from the SPDX list in
/// <c>license.id</c>, everything else goes into <c>license.name</c>. The Hub's community licences (Llama, Gemma,
/// OpenRAIL) and its "family" ids name no single SPDX licence.
/// </summary>
public static class SpdxLicenses
{
    /// <summary>SPDX ids that the Hub writes in lower case (its gpl-3.0 does not say "only" or "or later": so does SPDX's deprecated GPL-3.0).</summary>
    private static readonly string[] SameAsHub =
    [
        "Apache-2.0", "MIT", "AFL-3.0", "Artistic-2.0", "BSL-1.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "CC0-1.0",
        "CC-BY-2.0", "CC-BY-2.5", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC-BY-NC-2.0", "CC-BY-NC-3.0", "CC-BY-NC-4.0",
        "CC-BY-ND-4.0", "CC-BY-NC-ND-3.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0",
        "CDLA-Sharing-1.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "WTFPL", "ECL-2.0", "EPL-1.0", "EPL-2.0", "etalab-2.0",
        "EUPL-1.1", "EUPL-1.2", "AGPL-3.0", "GPL-2.0", "GPL-3.0", "LGPL-2.1", "LGPL-3.0", "ISC", "LPPL-1.3c", "MS-PL", "MPL-2.0",
        "OSL-3.0", "PostgreSQL", "OFL-1.1", "NCSA", "Unlicense", "Zlib",
    ];

    private static readonly FrozenDictionary<string, string> ByHubId = SameAsHub.ToDictionary(s => s.ToLowerInvariant())
        .Concat(new Dictionary<string, string> { ["c-uda"] = "C-UDA-1.0", ["pddl"] = "PDDL-1.0" })
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Ids => ByHubId.Values;

    /// <returns>The SPDX id, or null when the licence has none.</returns>
    public static string? IdOf(string? hubLicense) => hubLicense is null ? null : ByHubId.GetValueOrDefault(hubLicense.Trim());
}
