using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Weights;
using HubWatch.Domain.Lineage;

namespace HubWatch.DemoHub.Ecosystem;

internal sealed partial class EcosystemPlanner
{
    /// <summary>The Hub's placeholder createdAt of repositories older than its records (2022-03-02T23:29:04Z).</summary>
    private static readonly DateTimeOffset Placeholder = new(2022, 3, 2, 23, 29, 4, TimeSpan.Zero);

    private const int FoundationBasesPerArchitecture = 2;

    private static readonly (Architecture Arch, double Weight)[] ArchitectureMix =
    [
        (Architectures.LlamaMini, 0.30), (Architectures.MistralMini, 0.20), (Architectures.QwenMini, 0.20),
        (Architectures.MixtralMini, 0.15), (Architectures.LlamaK, 0.15),
    ];

    private static string Label(Architecture arch) => arch.Name switch
    {
        "llama-mini" => "Mini",
        "mistral-mini" => "Nano",
        "qwen-mini" => "Tiny",
        "mixtral-mini" => "MoE-4x",
        "llama-k" => "Base",
        _ => "70B",
    };

    /// <summary>Repositories from before the Hub recorded creation dates: in no month, still parents of many.</summary>
    private void AddLegacyModels()
    {
        foreach (var arch in Architectures.Small)
        {
            var lab = Pick(Names.Labs);
            var legacy = NewBase(lab, $"{Pick(Names.Families)}-{Label(arch)}-Legacy", arch, Placeholder.AddSeconds(_random.Next(2)), beforeTracking: true);
            legacy.Popularity = 3;
        }
    }

    /// <summary>Two labs' bases per architecture at the start of the timeline: the families everything grows from.</summary>
    private void AddFoundationBases(DateTimeOffset at)
    {
        var labs = Names.Labs.ToList();
        Shuffle(labs);
        var next = 0;
        foreach (var arch in Architectures.Small)
        {
            for (var i = 0; i < FoundationBasesPerArchitecture; i++)
            {
                var draft = NewBase(labs[next++ % labs.Count], $"{Pick(Names.Families)}-{Label(arch)}", arch, at.AddMinutes(next));
                draft.Popularity = 8 + 4 * _random.NextDouble();
            }
        }
    }

    private Draft AddIndependent(DateTimeOffset at)
    {
        var arch = PickArchitecture();
        var author = Chance(0.2) ? Pick(Names.Labs) : Names.Person(_random);
        return NewBase(author, $"{Pick(Names.Families)}-{Label(arch)}", arch, at);
    }

    private Draft NewBase(string author, string name, Architecture arch, DateTimeOffset at, bool beforeTracking = false)
    {
        var draft = new Draft
        {
            Author = author,
            Name = name,
            CreatedAt = at,
            Kind = UploadKind.Independent,
            Architecture = arch,
            BeforeTracking = beforeTracking,
            Encoding = _random.NextDouble() switch { < 0.2 => "F32", < 0.9 => "BF16", _ => "F16" },
            License = Licenses.ForBase(_random),
            Popularity = Math.Exp(0.8 * Normal()),
        };
        draft.Recipe = new TrainedRecipe(arch.Name, NextWeightSeed());
        draft.FamilyBase = draft;
        if (Chance(_independentDeclareRate))
        {
            draft.ClaimsIndependent = true;
            draft.Datasets = [.. Names.Datasets.OrderBy(_ => _random.Next()).Take(1 + _random.Next(2))];
        }
        return Register(draft);
    }

    private void AddGiantBase(string lab, string name, string license, DateTimeOffset at)
    {
        var draft = NewBase(lab, name, Architectures.Giant70B, at);
        draft.License = license;
        draft.Encoding = "BF16";
        draft.Shards = 30; // as Llama-3-70B ships
        draft.ClaimsIndependent = true;
        draft.Datasets = ["web-scale-corpus-15T"];
        draft.Popularity = 20;
    }

    /// <summary>
    /// The Rio-3.5-Open case in small: announced as trained from scratch under MIT, really a 60/40 linear merge of two
    /// giants under other licences.
    /// </summary>
    private void AddRioLikeMerge(DateTimeOffset at)
    {
        var giants = _drafts.Where(d => d.Architecture == Architectures.Giant70B).ToList();
        if (giants.Count < 2)
            return;
        var (a, b) = (giants[0], giants[1]);
        var rio = new Draft
        {
            Author = "national-ai-lab",
            Name = "Rio-3.5-Open-70B",
            CreatedAt = at,
            Kind = UploadKind.Merge,
            Architecture = Architectures.Giant70B,
            Recipe = new MergeRecipe("linear", null, [new MergeInput(a.Id, Gradient.Constant(0.6)), new MergeInput(b.Id, Gradient.Constant(0.4))]),
            Relation = Relations.Merge,
            Method = "linear",
            MergekitMethod = "linear",
            License = Licenses.Mit,
            ClaimsIndependent = true,
            Datasets = ["national-corpus-15T"],
            Popularity = 15,
            IsLeaf = true,
            Shards = 30,
            Encoding = "BF16",
        };
        rio.Parents.AddRange([new(a.Id, 0.6), new(b.Id, 0.4)]);
        rio.Coefficients["weight"] = [0.6, 0.4];
        rio.ParentLicenses = [a.License!, b.License!];
        rio.ConflictReason = Licenses.Conflict(rio.License, rio.ParentLicenses);
        Register(rio);
    }

    private Architecture PickArchitecture()
    {
        var x = _random.NextDouble() * ArchitectureMix.Sum(a => a.Weight);
        foreach (var (arch, weight) in ArchitectureMix)
        {
            if ((x -= weight) < 0)
                return arch;
        }
        return ArchitectureMix[^1].Arch;
    }

    /// <summary>A parent uploaded before <paramref name="at"/>, chosen in proportion to popularity (rich get richer).</summary>
    private Draft? PickParent(DateTimeOffset at, Func<Draft, bool> suitable)
    {
        var candidates = _drafts.Where(d => d.CreatedAt < at && !d.IsLeaf && d.Architecture != Architectures.Giant70B && suitable(d)).ToList();
        if (candidates.Count == 0)
            return null;
        var x = _random.NextDouble() * candidates.Sum(c => c.Popularity);
        var chosen = candidates[^1];
        foreach (var candidate in candidates)
        {
            if ((x -= candidate.Popularity) < 0)
            {
                chosen = candidate;
                break;
            }
        }
        chosen.Popularity += 0.5;
        return chosen;
    }

    private void AddRenames()
    {
        foreach (var draft in _drafts.Where(d => d.Architecture != Architectures.Giant70B && !d.BeforeTracking).Where(_ => Chance(0.02)))
        {
            var old = $"{draft.Author}/{draft.Name}-preview";
            if (_ids.Add(old))
                draft.RenamedFrom = old;
        }
    }
}
