namespace HubWatch.DemoHub.Ecosystem;

/// <summary>Author and model names of the demo hub: invented, so no real person or model is misrepresented.</summary>
internal static class Names
{
    public static readonly string[] Labs =
    [
        "meridian-ai", "northwind-labs", "halcyon-research", "kestrel-ai", "quillon", "tessellate-ai", "bluefjord",
        "cobalt-institute", "larkspur-ml", "umbra-compute", "vantage-nlp", "orrery-labs",
    ];

    public static readonly string[] Families =
    [
        "Lumen", "Corvid", "Atlas", "Nimbus", "Kestrel", "Vega", "Quill", "Ember", "Sable", "Tundra", "Fjord", "Cobalt",
        "Juniper", "Halcyon", "Orrery", "Larkspur", "Solace", "Cirrus", "Marlin", "Pollux", "Tamarind", "Wren", "Zephyrine",
        "Basalt", "Heron", "Ibis", "Jasper", "Kelp", "Lyra", "Mica",
    ];

    private static readonly string[] First =
    [
        "quiet", "rapid", "lone", "clever", "amber", "misty", "brisk", "velvet", "hollow", "cosmic", "pixel", "lunar",
        "tidal", "rusty", "silent", "golden", "frozen", "wild", "gentle", "neon", "paper", "stone", "copper", "river",
    ];

    private static readonly string[] Second =
    [
        "fox", "otter", "tinker", "merge", "coder", "owl", "weaver", "lab", "forge", "smith", "bard", "sprout", "heron",
        "kiln", "loom", "pilot", "quokka", "raven", "sage", "turtle",
    ];

    public static string Person(Random random) =>
        $"{First[random.Next(First.Length)]}{(random.Next(3) == 0 ? "-" : "")}{Second[random.Next(Second.Length)]}{(random.Next(4) == 0 ? random.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";

    public static readonly string[] TuneSuffixes = ["Instruct", "Chat", "SFT", "DPO", "Coder", "Math", "RP", "Roleplay", "v2", "Uncensored", "Tuned", "Hermes"];
    public static readonly string[] MergeSuffixes = ["Merge", "MergeMix", "Blend", "Fusion", "Franken", "Mix", "Soup"];
    public static readonly string[] Datasets =
    [
        "open-web-corpus", "tiny-stories-plus", "wiki-dumps-2024", "code-pile-small", "books-public-domain", "news-crawl-2023",
        "math-instruct-50k", "ultrachat-lite", "orca-style-200k", "dpo-pairs-10k",
    ];
}
