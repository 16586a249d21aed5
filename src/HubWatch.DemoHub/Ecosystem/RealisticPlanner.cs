using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Truth;
using HubWatch.DemoHub.Weights;
using HubWatch.Domain.Lineage;
using HubWatch.Domain.Time;

namespace HubWatch.DemoHub.Ecosystem;

/// <summary>
/// The realistic scenario: the Hub's hard cases (<see cref="RealisticCases"/>) at real widths (hidden 2,048, 32,000
/// tokens), so every matrix is read in bands as on the Hub, <paramref name="perCase"/> models each. Independents share
/// their init scheme and fixed buffers instead of being i.i.d. seeds; fine-tunes change weights as training does, from
/// 0.3 % to a heavy 190 %; merges combine siblings. Uploads are spread over the scenario's months in the order planned
/// (parents first). Deterministic for a seed and a "now".
/// </summary>
internal sealed class RealisticPlanner(ulong seed, DateTimeOffset now, int perCase)
{
    /// <summary>Fine-tunes per base that merges draw their parents from.</summary>
    private const int SiblingsPerBase = 3;

    /// <summary>Share of the siblings' change they have in common (similar data): their changes' cosine is about 0.3.</summary>
    private const double SiblingSharedShare = 0.4;

    private readonly Random _random = new((int)(seed % int.MaxValue));
    private readonly List<Draft> _drafts = [];
    private readonly HashSet<string> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly ulong _structure = CounterRandom.Key(seed, "realistic-structure");
    private ulong _weightSeeds = CounterRandom.Mix(seed ^ 0x5EA1_15E5);

    public Scenario Scenario { get; } = new(YearMonth.Of(now));

    /// <summary>Recipes of the models made from but never uploaded.</summary>
    public Dictionary<string, WeightRecipe> Unpublished { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Draft> Plan()
    {
        var bases = Enumerable.Range(0, Math.Max(2, perCase)).Select(_ => Base(Architectures.Llama2K, _structure, RealisticCases.IndependentSharedStructure)).ToList();
        var siblings = bases.Take(Math.Max(2, Math.Min(6, perCase))).Select(b =>
        {
            var shared = NextWeightSeed();
            return Enumerable.Range(0, SiblingsPerBase)
                .Select(_ => FineTune(b, RealisticCases.FinetuneModerate, Jitter(0.05), Jitter(0.2), Jitter(0.1), shared: shared)).ToList();
        }).ToList();
        for (var i = 0; i < perCase; i++)
        {
            var parent = bases[i % bases.Count];
            FineTune(parent, RealisticCases.FinetuneLight, 0.003 + 0.007 * _random.NextDouble(), 0.01 + 0.02 * _random.NextDouble(), 0.005 + 0.015 * _random.NextDouble());
            FineTune(parent, RealisticCases.FinetuneHeavy, Jitter(0.4), Jitter(1.9), Jitter(0.96));
            FineTune(parent, RealisticCases.FinetuneVocabExtended, Jitter(0.02), Jitter(0.08), Jitter(0.1), Architectures.Llama2KExtended);
            UnseenBaseFineTune(i);
            DepthUpscaled(parent);
            Base(Architectures.Llama1K, CounterRandom.Key(seed, $"student-{i}"), RealisticCases.DistilledStudent);
            foreach (var method in RealisticCases.MergeMethods)
                Merge(method, siblings[(i + method.Length) % siblings.Count]);
            Converted(parent, RealisticCases.ConverterTransposed, d => d.Transforms.Add(Transforms.Transposed));
            Converted(parent, RealisticCases.ConverterAnonymous, d =>
            {
                d.Naming = TensorNaming.Anonymous;
                d.Transforms.AddRange([Transforms.Renamed, Transforms.Transposed]);
            });
            Converted(parent, RealisticCases.ConverterSubset, d =>
            {
                (d.Naming, d.WithoutHead) = (TensorNaming.Anonymous, true);
                d.Transforms.Add(Transforms.Renamed);
            });
            Converted(parent, RealisticCases.ConverterGguf, d =>
            {
                (d.Encoding, d.Name, d.Relation) = ("Q8_0", $"{parent.Name}-GGUF", Relations.Quantized);
                d.Transforms.Add(Transforms.Quantized);
            });
            Disguised(parent, i);
        }
        Schedule();
        return _drafts;
    }

    private Draft Base(Architecture arch, ulong structure, string @case)
    {
        var draft = New(Names.Labs[_random.Next(Names.Labs.Length)], $"{Family()}-{(arch == Architectures.Llama1K ? "0.5B" : "1B")}", arch, @case);
        draft.Recipe = new TrainedRecipe(arch.Name, NextWeightSeed(), structure);
        draft.FamilyBase = draft;
        draft.License = Licenses.ForBase(_random);
        draft.Shards = 2;
        if (Chance(0.6))
        {
            draft.ClaimsIndependent = true;
            draft.Datasets = [Names.Datasets[_random.Next(Names.Datasets.Length)]];
        }
        return draft;
    }

    private Draft FineTune(Draft parent, string @case, double first, double last, double embedding, Architecture? arch = null, ulong? shared = null)
    {
        var draft = Derived(parent, $"{parent.Name}-{Names.TuneSuffixes[_random.Next(Names.TuneSuffixes.Length)]}", @case, Relations.Finetune);
        draft.Recipe = new TrainingRecipe(parent.Id, NextWeightSeed(), first, last, embedding, arch?.Name, shared, shared is null ? 0 : SiblingSharedShare);
        if (arch is not null)
            draft.Architecture = arch;
        Declare(draft, parent.Id, 0.5);
        return draft;
    }

    /// <summary>Two siblings of an unpublished base per two cases: the first with nothing earlier to match but its sibling-to-be.</summary>
    private void UnseenBaseFineTune(int i)
    {
        if (i % 2 == 1)
            return;
        var hidden = $"{Names.Labs[_random.Next(Names.Labs.Length)]}/{Family()}-1B-internal";
        Unpublished[hidden] = new TrainedRecipe(Architectures.Llama2K.Name, NextWeightSeed(), _structure);
        var shared = NextWeightSeed();
        for (var k = 0; k < Math.Min(2, perCase - i); k++)
        {
            var draft = New(Person(), $"{Family()}-1B-{Names.TuneSuffixes[_random.Next(Names.TuneSuffixes.Length)]}", Architectures.Llama2K, RealisticCases.FinetuneUnseenBase);
            draft.Relation = Relations.Finetune;
            draft.Parents.Add(new ParentShare(hidden, 1));
            draft.Recipe = new TrainingRecipe(hidden, NextWeightSeed(), Jitter(0.05), Jitter(0.2), Jitter(0.1), Shared: shared, SharedShare: SiblingSharedShare);
            draft.License = Licenses.Apache;
            Declare(draft, hidden, 0.5);
        }
    }

    private void DepthUpscaled(Draft parent)
    {
        var stacked = $"{parent.Id}-dus-{_drafts.Count}";
        var layers = parent.Architecture.Layers;
        var drop = layers / 4;
        Unpublished[stacked] = new PassthroughRecipe([new LayerSlice(parent.Id, 0, layers - drop), new LayerSlice(parent.Id, drop, layers)]);
        var draft = Derived(parent, $"{Family()}-1.5B-DUS", RealisticCases.DepthUpscaled, Relations.Finetune);
        draft.Architecture = parent.Architecture with { Layers = 2 * (layers - drop) };
        draft.Recipe = new TrainingRecipe(stacked, NextWeightSeed(), Jitter(0.02), Jitter(0.06), Jitter(0.03));
        draft.Transforms.Add("depth-upscaled");
        Declare(draft, parent.Id, 0.5);
    }

    /// <summary>A merge of siblings (fine-tunes of one base) by a mergekit method with constant coefficients.</summary>
    private void Merge(string method, List<Draft> siblings)
    {
        var parents = siblings.OrderBy(_ => _random.Next()).Take(method is "linear" or "slerp" or "nuslerp" ? 2 : 2 + _random.Next(2)).ToList();
        var baseModel = parents[0].FamilyBase!;
        var draft = Derived(parents[0], $"{parents[0].Name.Split('-')[0]}-1B-{Names.MergeSuffixes[_random.Next(Names.MergeSuffixes.Length)]}", RealisticCases.Merge(method), Relations.Merge);
        draft.Parents.Clear();
        draft.MergekitMethod = method;
        draft.Method = MergeMethods.FamilyOf(method);
        var weights = parents.Select(_ => Math.Round(0.3 + 0.4 * _random.NextDouble(), 2)).ToArray();
        switch (method)
        {
            case "linear":
                weights[1] = Math.Round(1 - weights[0], 2);
                draft.Recipe = new MergeRecipe(method, null, [.. parents.Select((p, k) => new MergeInput(p.Id, Gradient.Constant(weights[k])))]);
                draft.Coefficients["weight"] = weights;
                break;
            case "slerp":
                draft.Recipe = new MergeRecipe(method, parents[0].Id, [new MergeInput(parents[1].Id, Gradient.Constant(1))], Gradient.Constant(weights[0]));
                draft.Coefficients["t"] = [weights[0]];
                break;
            case "nuslerp":
                draft.Recipe = new MergeRecipe(method, baseModel.Id, [.. parents.Select(p => new MergeInput(p.Id, Gradient.Constant(1)))], Gradient.Constant(weights[0]));
                draft.Coefficients["t"] = [weights[0]];
                draft.MergeBase = baseModel.Id;
                break;
            default:
                var densities = parents.Select(_ => method is "task_arithmetic" or "model_stock" ? 1.0 : Math.Round(0.3 + 0.4 * _random.NextDouble(), 2)).ToArray();
                draft.Recipe = new MergeRecipe(method, baseModel.Id,
                    [.. parents.Select((p, k) => new MergeInput(p.Id, Gradient.Constant(weights[k]), Gradient.Constant(densities[k])))], Seed: NextWeightSeed());
                draft.MergeBase = baseModel.Id;
                if (method != "model_stock")
                {
                    draft.Coefficients["weight"] = weights;
                    draft.Coefficients["density"] = densities;
                }
                break;
        }
        var share = Math.Round(1.0 / parents.Count, 4);
        draft.Parents.AddRange(parents.Select(p => new ParentShare(p.Id, share)));
        if (Chance(0.5))
        {
            draft.MergekitTags = true;
            draft.MergekitConfig = Texts.MergekitYaml.For((MergeRecipe)draft.Recipe, "bfloat16", draft.Architecture.Layers);
            draft.DeclaredBaseModels = [.. parents.Select(p => p.Id).Prepend(draft.MergeBase).OfType<string>().Distinct()];
        }
    }

    private void Converted(Draft parent, string @case, Action<Draft> shape)
    {
        var draft = Derived(parent, $"{parent.Name}-{(Chance(0.5) ? "onnx" : "export")}", @case, Relations.Copy);
        draft.Recipe = new SameAsRecipe(parent.Id);
        draft.IsLeaf = true;
        draft.Shards = 1;
        shape(draft);
        Declare(draft, parent.Id, 0.3);
    }

    /// <summary>A copy disguised at real size: hidden units permuted, two layers swapped, or noise of 0.5–1.5 % RMS.</summary>
    private void Disguised(Draft parent, int i)
    {
        var seedOf = NextWeightSeed();
        var permuted = Derived(parent, $"{Family()}-1B", RealisticCases.DisguisedPermuted, Relations.Copy);
        permuted.Recipe = new PermutedRecipe(parent.Id, seedOf);
        permuted.Transforms.Add(Transforms.Permuted);

        var layers = Enumerable.Range(0, parent.Architecture.Layers).ToArray();
        var swap = 1 + i % (layers.Length - 1);
        (layers[swap], layers[swap - 1]) = (layers[swap - 1], layers[swap]);
        var reordered = Derived(parent, $"{Family()}-1B", RealisticCases.DisguisedReordered, Relations.Copy);
        reordered.Recipe = new ReorderedRecipe(parent.Id, layers);
        reordered.Transforms.Add(Transforms.Reordered);

        var noisy = Derived(parent, $"{Family()}-1B", RealisticCases.DisguisedNoise, Relations.Copy);
        noisy.Recipe = new DeltaRecipe(parent.Id, NextWeightSeed(), 0.005 + 0.01 * _random.NextDouble());
        noisy.Transforms.Add(Transforms.Noise);
        foreach (var copy in (Draft[])[permuted, reordered, noisy])
        {
            copy.IsLeaf = true;
            copy.Aligned = false;
            copy.ClaimsIndependent = Chance(0.5);
        }
    }

    private Draft Derived(Draft parent, string name, string @case, string relation)
    {
        var draft = New(Person(), name, parent.Architecture, @case);
        draft.Relation = relation;
        draft.FamilyBase = parent.FamilyBase;
        draft.Parents.Add(new ParentShare(parent.Id, 1));
        draft.License = parent.License;
        draft.ParentLicenses = parent.License is null ? [] : [parent.License];
        return draft;
    }

    private Draft New(string author, string name, Architecture arch, string @case)
    {
        var draft = new Draft
        {
            Author = author,
            Name = name,
            CreatedAt = now,
            Kind = UploadKind.Independent,
            Architecture = arch,
            Case = @case,
        };
        var candidate = name;
        for (var v = 2; !_ids.Add($"{author}/{candidate}"); v++)
            candidate = $"{name}-v{v}";
        draft.Name = candidate;
        if (draft.Shards == 0)
            draft.Shards = 1;
        _drafts.Add(draft);
        return draft;
    }

    /// <summary>The card names the parent at this rate; otherwise it says nothing.</summary>
    private void Declare(Draft draft, string parent, double rate)
    {
        if (Chance(rate))
            draft.DeclaredBaseModels = [parent];
    }

    /// <summary>Upload times in planning order (every parent before its children), spread over the scenario's months.</summary>
    private void Schedule()
    {
        var start = Scenario.First.Start;
        var span = (now - start).TotalSeconds;
        for (var i = 0; i < _drafts.Count; i++)
            _drafts[i].CreatedAt = start.AddSeconds(Math.Floor(span * (i + 1) / (_drafts.Count + 1)));
    }

    private double Jitter(double value) => Math.Round(value * (0.85 + 0.3 * _random.NextDouble()), 4);

    private string Family() => Names.Families[_random.Next(Names.Families.Length)];

    private string Person() => Names.Person(_random);

    private bool Chance(double p) => _random.NextDouble() < p;

    private ulong NextWeightSeed() => _weightSeeds = CounterRandom.Mix(_weightSeeds);
}
