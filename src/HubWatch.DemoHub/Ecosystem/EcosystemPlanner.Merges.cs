using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Texts;
using HubWatch.DemoHub.Truth;
using HubWatch.DemoHub.Weights;
using HubWatch.Domain.Lineage;

namespace HubWatch.DemoHub.Ecosystem;

internal sealed partial class EcosystemPlanner
{
    private static readonly (string Method, double Weight)[] MergeMethods =
    [
        ("linear", 0.20), ("slerp", 0.25), ("task_arithmetic", 0.10), ("ties", 0.15), ("dare_ties", 0.15), ("dare_linear", 0.05), ("passthrough", 0.10),
    ];

    /// <summary>A gradient slerp as real configs write it (mergekit examples/gradient-slerp.yml).</summary>
    private static readonly Gradient GradientT = new(
    [
        new GradientEntry("self_attn", [0, 0.5, 0.3, 0.7, 1]),
        new GradientEntry("mlp", [1, 0.5, 0.7, 0.3, 0]),
        new GradientEntry(null, [0.5]),
    ]);

    private Draft? AddMerge(DateTimeOffset at, bool tagged)
    {
        var first = PickParent(at, d => d.Aligned && d.Architecture.Layers == StandardLayers(d));
        if (first is null)
            return null;
        var method = PickMethod();
        var tunes = FamilyTunes(first, at);
        if (method is "task_arithmetic" or "ties" or "dare_ties" or "dare_linear" && tunes.Count < 2)
            method = "slerp";
        var second = PickParent(at, d => d != first && d.Aligned && d.Architecture == first.Architecture);
        if (second is null && method != "passthrough")
            return null;

        var draft = new Draft
        {
            Author = Names.Person(_random),
            Name = $"{first.Name.Split('-')[0]}-{Pick(Names.MergeSuffixes)}{(Chance(0.3) ? "-" + method.Replace("_", "-", StringComparison.Ordinal).ToUpperInvariant() : "")}",
            CreatedAt = at,
            Kind = UploadKind.Merge,
            Architecture = first.Architecture,
            FamilyBase = first.FamilyBase,
            Relation = Relations.Merge,
            MergekitMethod = method,
            Method = HubWatch.Domain.Lineage.MergeMethods.FamilyOf(method),
            Encoding = Chance(0.8) ? "BF16" : "F16",
            Popularity = 0.5 * Math.Exp(0.8 * Normal()),
        };
        var parents = method switch
        {
            "linear" => Linear(draft, first, second!),
            "slerp" => Slerp(draft, first, second!),
            "passthrough" => Passthrough(draft, first, second ?? first),
            _ => TaskArithmetic(draft, method, first.FamilyBase!, tunes),
        };
        DeclareMerge(draft, parents, tagged);
        InheritLicense(draft, parents);
        return Register(draft);
    }

    private static int StandardLayers(Draft d) => Models.Architectures.Named(d.Architecture.Name).Layers;

    private string PickMethod()
    {
        var x = _random.NextDouble();
        foreach (var (method, weight) in MergeMethods)
        {
            if ((x -= weight) < 0)
                return method;
        }
        return "linear";
    }

    /// <summary>Fine-tunes of the same base, still aligned with it: what ties, dare and task arithmetic combine.</summary>
    private List<Draft> FamilyTunes(Draft member, DateTimeOffset at) =>
        [.. _drafts.Where(d => d.CreatedAt < at && d.FamilyBase == member.FamilyBase && d.Relation == Relations.Finetune && d.Aligned && !d.IsLeaf)
            .OrderBy(_ => _random.Next()).Take(2 + _random.Next(2))];

    private List<Draft> Linear(Draft draft, Draft a, Draft b)
    {
        var w = Math.Round(0.3 + 0.4 * _random.NextDouble(), 2);
        var (wa, wb) = Chance(0.2) ? (Gradient.Over(1, 0.5, 0), Gradient.Over(0, 0.5, 1)) : (Gradient.Constant(w), Gradient.Constant(Math.Round(1 - w, 2)));
        draft.Recipe = new MergeRecipe("linear", null, [new MergeInput(a.Id, wa), new MergeInput(b.Id, wb)]);
        var shares = SharesByTensor(draft.Architecture, t => Normalised([wa.ValueFor(t.Name, t.Layer, draft.Architecture.Layers), wb.ValueFor(t.Name, t.Layer, draft.Architecture.Layers)]));
        draft.Parents.AddRange([new(a.Id, shares[0]), new(b.Id, shares[1])]);
        draft.Coefficients["weight"] = wa.IsConstant ? [wa.Entries[0].Value[0], wb.Entries[0].Value[0]] : [.. wa.Entries[0].Value];
        return [a, b];
    }

    private List<Draft> Slerp(Draft draft, Draft a, Draft b)
    {
        var t = Chance(0.5) ? GradientT : Gradient.Constant(Math.Round(0.3 + 0.4 * _random.NextDouble(), 2));
        draft.Recipe = new MergeRecipe("slerp", a.Id, [new MergeInput(b.Id, Gradient.Constant(1))], t);
        var shares = SharesByTensor(draft.Architecture, x =>
        {
            var tx = t.ValueFor(x.Name, x.Layer, draft.Architecture.Layers);
            return [1 - tx, tx];
        });
        draft.Parents.AddRange([new(a.Id, shares[0]), new(b.Id, shares[1])]);
        draft.Coefficients["t"] = t.IsConstant ? [t.Entries[0].Value[0]] : [.. t.Entries[0].Value];
        return [a, b];
    }

    /// <summary>A frankenmerge: all but the last layer of one model, then all but the first of the other.</summary>
    private List<Draft> Passthrough(Draft draft, Draft a, Draft b)
    {
        var layers = a.Architecture.Layers;
        draft.Recipe = new PassthroughRecipe([new LayerSlice(a.Id, 0, layers - 1), new LayerSlice(b.Id, 1, layers)]);
        draft.Architecture = a.Architecture with { Layers = 2 * layers - 2 };
        draft.Parents.Add(new ParentShare(a.Id, a == b ? 1.0 : 0.5));
        if (a != b)
            draft.Parents.Add(new ParentShare(b.Id, 0.5));
        draft.Coefficients["layers"] = [layers - 1, layers - 1];
        return a == b ? [a] : [a, b];
    }

    private List<Draft> TaskArithmetic(Draft draft, string method, Draft baseModel, List<Draft> tunes)
    {
        var weights = tunes.Select(_ => Math.Round(0.3 + 0.7 * _random.NextDouble(), 2)).ToArray();
        var densities = tunes.Select(_ => method == "task_arithmetic" ? 1.0 : Math.Round(0.3 + 0.5 * _random.NextDouble(), 2)).ToArray();
        draft.Recipe = new MergeRecipe(method, baseModel.Id,
            [.. tunes.Select((tune, i) => new MergeInput(tune.Id, Gradient.Constant(weights[i]), Gradient.Constant(densities[i])))],
            Seed: NextWeightSeed());
        draft.MergeBase = baseModel.Id;
        draft.Parents.AddRange(tunes.Select((tune, i) => new ParentShare(tune.Id, weights[i] / weights.Sum())));
        draft.Coefficients["weight"] = weights;
        draft.Coefficients["density"] = densities;
        return tunes;
    }

    /// <summary>
    /// mergekit's own card (tags mergekit + merge, base_model list, the config) on tagged merges — with the real
    /// quirks: an empty or partial base_model list. Untagged merges say nothing, pose as a fine-tune, or claim
    /// independent training.
    /// </summary>
    private void DeclareMerge(Draft draft, List<Draft> parents, bool tagged)
    {
        var ids = parents.Select(p => p.Id).Prepend(draft.MergeBase).OfType<string>().Distinct().ToArray();
        if (tagged)
        {
            draft.MergekitTags = true;
            var dtype = draft.Encoding == "F16" ? "float16" : "bfloat16";
            draft.MergekitConfig = draft.Recipe is PassthroughRecipe stack
                ? MergekitYaml.For(stack, dtype)
                : MergekitYaml.For((MergeRecipe)draft.Recipe, dtype, draft.Architecture.Layers);
            if (Chance(TaggedMergeDeclareRate))
                draft.DeclaredBaseModels = ids.Length >= 3 && Chance(0.1) ? [ids[0]] : ids;
            return;
        }
        switch (_random.Next(10))
        {
            case < 5: // 1 − UntaggedMergeDeclareRate
                break;
            case < 8:
                draft.DeclaredBaseModels = [parents[0].Id];
                draft.DeclaredRelation = Relations.Finetune;
                break;
            default:
                draft.ClaimsIndependent = true;
                draft.Datasets = [Pick(Names.Datasets)];
                break;
        }
    }

    private static double[] Normalised(double[] weights) => [.. weights.Select(w => w / weights.Sum())];

    /// <summary>Each parent's share of the child's parameters, tensor by tensor.</summary>
    private static double[] SharesByTensor(Architecture arch, Func<TensorSpec, double[]> perTensor)
    {
        var tensors = arch.Tensors();
        var total = tensors.Sum(t => (double)t.Elements);
        var shares = new double[perTensor(tensors[0]).Length];
        foreach (var tensor in tensors)
        {
            var w = perTensor(tensor);
            for (var i = 0; i < shares.Length; i++)
                shares[i] += w[i] * tensor.Elements / total;
        }
        return [.. shares.Select(s => Math.Round(s, 4))];
    }
}
