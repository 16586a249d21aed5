using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace HubWatch.Hub.Cards;

/// <summary>
/// Licence ids as the Hub writes them in <c>license:</c>. Spellings people type ("Apache License 2.0", "CC BY-NC 4.0",
/// "GPLv3", "The MIT License (MIT)") are reduced to a comparison key (lower case, no punctuation or filler words,
/// "v3" read as "3", a bare major version read as "N.0") and looked up among the Hub's ids and full names. Text that
/// matches nothing is kept, lower-cased and trimmed: an unknown licence is still a declaration worth showing.
/// </summary>
public static partial class Licenses
{
    public const string Other = "other";
    public const string Unknown = "unknown";

    /// <summary>The Hub's licence ids with their full names (hub-docs <c>docs/hub/repositories-licenses.md</c>).</summary>
    private static readonly (string Id, string FullName)[] HubLicenses =
    [
        ("apache-2.0", "Apache license 2.0"),
        ("mit", "MIT"),
        ("openrail", "OpenRAIL license family"),
        ("bigscience-openrail-m", "BigScience OpenRAIL-M"),
        ("creativeml-openrail-m", "CreativeML OpenRAIL-M"),
        ("bigscience-bloom-rail-1.0", "BigScience BLOOM RAIL 1.0"),
        ("bigcode-openrail-m", "BigCode Open RAIL-M v1"),
        ("afl-3.0", "Academic Free License v3.0"),
        ("artistic-2.0", "Artistic license 2.0"),
        ("bsl-1.0", "Boost Software License 1.0"),
        ("bsd", "BSD license family"),
        ("bsd-2-clause", "BSD 2-clause \"Simplified\" license"),
        ("bsd-3-clause", "BSD 3-clause \"New\" or \"Revised\" license"),
        ("bsd-3-clause-clear", "BSD 3-clause Clear license"),
        ("c-uda", "Computational Use of Data Agreement"),
        ("cc", "Creative Commons license family"),
        ("cc0-1.0", "Creative Commons Zero v1.0 Universal"),
        ("cc-by-2.0", "Creative Commons Attribution 2.0"),
        ("cc-by-2.5", "Creative Commons Attribution 2.5"),
        ("cc-by-3.0", "Creative Commons Attribution 3.0"),
        ("cc-by-4.0", "Creative Commons Attribution 4.0"),
        ("cc-by-sa-3.0", "Creative Commons Attribution Share Alike 3.0"),
        ("cc-by-sa-4.0", "Creative Commons Attribution Share Alike 4.0"),
        ("cc-by-nc-2.0", "Creative Commons Attribution Non Commercial 2.0"),
        ("cc-by-nc-3.0", "Creative Commons Attribution Non Commercial 3.0"),
        ("cc-by-nc-4.0", "Creative Commons Attribution Non Commercial 4.0"),
        ("cc-by-nd-4.0", "Creative Commons Attribution No Derivatives 4.0"),
        ("cc-by-nc-nd-3.0", "Creative Commons Attribution Non Commercial No Derivatives 3.0"),
        ("cc-by-nc-nd-4.0", "Creative Commons Attribution Non Commercial No Derivatives 4.0"),
        ("cc-by-nc-sa-2.0", "Creative Commons Attribution Non Commercial Share Alike 2.0"),
        ("cc-by-nc-sa-3.0", "Creative Commons Attribution Non Commercial Share Alike 3.0"),
        ("cc-by-nc-sa-4.0", "Creative Commons Attribution Non Commercial Share Alike 4.0"),
        ("cdla-sharing-1.0", "Community Data License Agreement – Sharing, Version 1.0"),
        ("cdla-permissive-1.0", "Community Data License Agreement – Permissive, Version 1.0"),
        ("cdla-permissive-2.0", "Community Data License Agreement – Permissive, Version 2.0"),
        ("wtfpl", "Do What The F*ck You Want To Public License"),
        ("ecl-2.0", "Educational Community License v2.0"),
        ("epl-1.0", "Eclipse Public License 1.0"),
        ("epl-2.0", "Eclipse Public License 2.0"),
        ("etalab-2.0", "Etalab Open License 2.0"),
        ("eupl-1.1", "European Union Public License 1.1"),
        ("eupl-1.2", "European Union Public License 1.2"),
        ("agpl-3.0", "GNU Affero General Public License v3.0"),
        ("gfdl", "GNU Free Documentation License family"),
        ("gpl", "GNU General Public License family"),
        ("gpl-2.0", "GNU General Public License v2.0"),
        ("gpl-3.0", "GNU General Public License v3.0"),
        ("lgpl", "GNU Lesser General Public License family"),
        ("lgpl-2.1", "GNU Lesser General Public License v2.1"),
        ("lgpl-3.0", "GNU Lesser General Public License v3.0"),
        ("isc", "ISC"),
        ("lppl-1.3c", "LaTeX Project Public License v1.3c"),
        ("ms-pl", "Microsoft Public License"),
        ("mpl-2.0", "Mozilla Public License 2.0"),
        ("odc-by", "Open Data Commons License Attribution family"),
        ("odbl", "Open Database License family"),
        ("openrail++", "Open Rail++-M License"),
        ("osl-3.0", "Open Software License 3.0"),
        ("postgresql", "PostgreSQL License"),
        ("ofl-1.1", "SIL Open Font License 1.1"),
        ("ncsa", "University of Illinois/NCSA Open Source License"),
        ("unlicense", "The Unlicense"),
        ("zlib", "zLib License"),
        ("pddl", "Open Data Commons Public Domain Dedication and License"),
        ("lgpl-lr", "Lesser General Public License For Linguistic Resources"),
        ("deepfloyd-if-license", "DeepFloyd IF Research License Agreement"),
        ("llama2", "Llama 2 Community License Agreement"),
        ("llama3", "Llama 3 Community License Agreement"),
        ("llama3.1", "Llama 3.1 Community License Agreement"),
        ("llama3.2", "Llama 3.2 Community License Agreement"),
        ("llama3.3", "Llama 3.3 Community License Agreement"),
        ("llama4", "Llama 4 Community License Agreement"),
        ("gemma", "Gemma Terms of Use"),
        (Unknown, "Unknown"),
        (Other, "Other"),
    ];

    /// <summary>Common spellings whose key reaches no id or full name on its own.</summary>
    private static readonly (string Spelling, string Id)[] Aliases =
    [
        ("CC0", "cc0-1.0"),
        // nobody publishes weights under Apache 1.x; a bare "Apache" means 2.0
        ("Apache", "apache-2.0"),
        ("BSD 3", "bsd-3-clause"),
        ("BSD 2", "bsd-2-clause"),
    ];

    private static readonly FrozenSet<string> Ids = HubLicenses.Select(l => l.Id).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> ByKey = BuildKeys();

    /// <summary>Every id the Hub lists, in its own spelling.</summary>
    public static IReadOnlyCollection<string> KnownIds => Ids;

    /// <summary>
    /// The Hub id for a declared licence, or the text itself lower-cased and trimmed when it names none;
    /// null when nothing is declared.
    /// </summary>
    public static string? Normalise(string? declared)
    {
        var text = declared?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
            return null;
        if (Ids.Contains(text))
            return text;
        var key = Key(text);
        if (ByKey.TryGetValue(key, out var id) || ByKey.TryGetValue(WithMinorZero(key), out id))
            return id;
        return text;
    }

    private static FrozenDictionary<string, string> BuildKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, fullName) in HubLicenses)
        {
            keys.TryAdd(Key(id), id);
            keys.TryAdd(Key(fullName), id);
        }
        foreach (var (spelling, id) in Aliases)
            keys.TryAdd(Key(spelling), id);
        return keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The comparison key: "Apache License, Version 2.0" and "apache-2.0" both become "apache2.0".</summary>
    internal static string Key(string text)
    {
        var key = text.ToLowerInvariant();
        key = Parenthesised().Replace(key, " ");
        key = VersionPrefix().Replace(key, "");
        key = FillerWords().Replace(key, " ");
        return NotKeyCharacters().Replace(key, "");
    }

    // "apache2" and "gpl3" mean 2.0 and 3.0; tried only after the key as written, so "llama3" stays llama3
    private static string WithMinorZero(string key) => BareMajorAtEnd().Replace(key, "$1.0");

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"(?<=[a-z\s_-]|^)v(?=\d)")]
    private static partial Regex VersionPrefix();

    [GeneratedRegex(@"\b(the|licen[cs]e[sd]?|version|agreement|community|international|gnu|only|or[\s-]later)\b")]
    private static partial Regex FillerWords();

    [GeneratedRegex(@"[^a-z0-9.+]")]
    private static partial Regex NotKeyCharacters();

    [GeneratedRegex(@"(?<![\d.])(\d+)$")]
    private static partial Regex BareMajorAtEnd();
}
