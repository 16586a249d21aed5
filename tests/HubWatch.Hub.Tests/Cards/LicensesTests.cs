using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

public sealed class LicensesTests
{
    [Theory]
    // the Hub's ids stay as they are
    [InlineData("apache-2.0", "apache-2.0")]
    [InlineData("mit", "mit")]
    [InlineData("cc-by-nc-4.0", "cc-by-nc-4.0")]
    [InlineData("llama3.1", "llama3.1")]
    [InlineData("llama3", "llama3")]
    [InlineData("openrail++", "openrail++")]
    [InlineData("creativeml-openrail-m", "creativeml-openrail-m")]
    [InlineData("other", "other")]
    [InlineData("unknown", "unknown")]
    // trimmed and lower-cased
    [InlineData("  Apache-2.0 \n", "apache-2.0")]
    [InlineData("MIT", "mit")]
    [InlineData("GEMMA", "gemma")]
    // how people write them
    [InlineData("Apache 2.0", "apache-2.0")]
    [InlineData("Apache License 2.0", "apache-2.0")]
    [InlineData("Apache License, Version 2.0", "apache-2.0")]
    [InlineData("apache2", "apache-2.0")]
    [InlineData("Apache-2", "apache-2.0")]
    [InlineData("MIT License", "mit")]
    [InlineData("The MIT License (MIT)", "mit")]
    [InlineData("CC BY-NC 4.0", "cc-by-nc-4.0")]
    [InlineData("CC-BY-NC-SA-4.0", "cc-by-nc-sa-4.0")]
    [InlineData("CC BY 4.0", "cc-by-4.0")]
    [InlineData("Creative Commons Attribution-NonCommercial 4.0 International", "cc-by-nc-4.0")]
    [InlineData("Creative Commons Attribution 4.0", "cc-by-4.0")]
    [InlineData("GPLv3", "gpl-3.0")]
    [InlineData("GPL-3.0-or-later", "gpl-3.0")]
    [InlineData("GNU General Public License v3.0", "gpl-3.0")]
    [InlineData("GNU Affero General Public License v3.0", "agpl-3.0")]
    [InlineData("LGPL v3", "lgpl-3.0")]
    [InlineData("BSD 3-Clause", "bsd-3-clause")]
    [InlineData("BSD-3-Clause License", "bsd-3-clause")]
    [InlineData("Llama 3.1 Community License Agreement", "llama3.1")]
    [InlineData("LLAMA 3 COMMUNITY LICENSE", "llama3")]
    [InlineData("llama 2", "llama2")]
    [InlineData("Gemma Terms of Use", "gemma")]
    [InlineData("CreativeML OpenRAIL-M", "creativeml-openrail-m")]
    [InlineData("OpenRAIL++-M", "openrail++")]
    [InlineData("OpenRAIL", "openrail")]
    [InlineData("Mozilla Public License 2.0", "mpl-2.0")]
    [InlineData("CC0", "cc0-1.0")]
    public void Known_spellings_become_the_hub_id(string declared, string id) => Assert.Equal(id, Licenses.Normalise(declared));

    [Theory]
    [InlineData("Qwen License", "qwen license")]
    [InlineData("  Tongyi Qianwen RESEARCH LICENSE  ", "tongyi qianwen research license")]
    [InlineData("proprietary", "proprietary")]
    [InlineData("cc-by-nc-9.0", "cc-by-nc-9.0")]
    // close to an id but not one: a different licence must not be mistaken for a known one
    [InlineData("llama 3.4", "llama 3.4")]
    [InlineData("gpl-4.0", "gpl-4.0")]
    public void Unknown_text_is_kept_lower_cased_and_trimmed(string declared, string kept) => Assert.Equal(kept, Licenses.Normalise(declared));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_declared_is_null(string? declared) => Assert.Null(Licenses.Normalise(declared));

    [Fact]
    public void Every_known_id_normalises_to_itself_and_the_ids_include_those_of_the_brief()
    {
        Assert.All(Licenses.KnownIds, id => Assert.Equal(id, Licenses.Normalise(id)));
        Assert.Superset(
            new HashSet<string>(["apache-2.0", "mit", "cc-by-nc-4.0", "cc-by-4.0", "llama3", "llama3.1", "gemma", "openrail", "openrail++", "creativeml-openrail-m", "bsd-3-clause", "gpl-3.0", "agpl-3.0", "lgpl-3.0", "other", "unknown"]),
            Licenses.KnownIds.ToHashSet());
    }

    [Fact]
    public void Ids_are_lower_case_without_spaces() =>
        Assert.All(Licenses.KnownIds, id => Assert.Matches("^[a-z0-9.+-]+$", id));
}
