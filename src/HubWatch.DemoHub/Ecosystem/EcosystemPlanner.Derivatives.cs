using HubWatch.DemoHub.Files;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Truth;
using HubWatch.Domain.Lineage;

namespace HubWatch.DemoHub.Ecosystem;

internal sealed partial class EcosystemPlanner
{
    private static readonly string[] Quantizers = ["quant-factory", "gguf-garden", "bitsqueeze", "lowbit-lab"];

    private static readonly TensorRole[] AttentionQv = [TensorRole.AttentionQ, TensorRole.AttentionV];
    private static readonly TensorRole[] AttentionAll = [TensorRole.AttentionQ, TensorRole.AttentionK, TensorRole.AttentionV, TensorRole.AttentionO];

    private Draft? AddDerivative(UploadKind kind, DateTimeOffset at, double declareRate)
    {
        var parent = PickParent(at, d => kind switch
        {
            // Adapters and low-rank updates need the standard layer layout; quantised copies need rows of 32
            UploadKind.Adapter or UploadKind.LoraMerged => !d.Architecture.IsMixtureOfExperts && d.Aligned,
            _ => true,
        });
        if (parent is null)
            return null;

        var draft = new Draft
        {
            Author = kind == UploadKind.Quantized ? Pick(Quantizers) : Names.Person(_random),
            Name = parent.Name,
            CreatedAt = at,
            Kind = kind,
            Architecture = parent.Architecture,
            FamilyBase = parent.FamilyBase,
            Aligned = parent.Aligned,
            Encoding = parent.Encoding,
            Popularity = 0.3 * Math.Exp(0.8 * Normal()),
        };
        draft.Parents.Add(new ParentShare(parent.Id, 1.0));
        Shape(draft, parent, kind);
        Declare(draft, parent, declareRate);
        InheritLicense(draft, [parent]);
        return Register(draft);
    }

    /// <summary>The recipe, name, relation and transforms of each kind of derivative.</summary>
    private void Shape(Draft draft, Draft parent, UploadKind kind)
    {
        var seed = NextWeightSeed();
        switch (kind)
        {
            case UploadKind.FineTune:
                draft.Recipe = new DeltaRecipe(parent.Id, seed, 0.05 + 0.1 * _random.NextDouble());
                Tuned(draft, Pick(Names.TuneSuffixes));
                ReleasedAsGguf(draft, seed);
                break;
            case UploadKind.LoraMerged:
                draft.Recipe = new LowRankRecipe(parent.Id, seed, Chance(0.5) ? 8 : 16, 0.08 + 0.08 * _random.NextDouble(), Chance(0.5) ? AttentionQv : AttentionAll);
                Tuned(draft, Pick(Names.TuneSuffixes));
                draft.Transforms.Add(Transforms.LowRank);
                break;
            case UploadKind.ContinuedPretraining:
                draft.Recipe = new DeltaRecipe(parent.Id, seed, 0.4 + 0.4 * _random.NextDouble());
                Tuned(draft, Chance(0.5) ? "Continued" : "Domain");
                draft.Transforms.Add(Transforms.ContinuedPretraining);
                break;
            case UploadKind.Adapter:
                draft.Recipe = new LowRankRecipe(parent.Id, seed, Chance(0.5) ? 8 : 16, 0.08, Chance(0.6) ? AttentionQv : AttentionAll);
                draft.Name = $"{parent.Name}-lora-{Pick(Names.TuneSuffixes).ToLowerInvariant()}";
                draft.Relation = Relations.Adapter;
                draft.IsLeaf = true;
                draft.Encoding = Chance(0.5) ? "F32" : "BF16";
                break;
            case UploadKind.Quantized:
                Quantize(draft, parent, seed);
                break;
            case UploadKind.ExactCopy:
                draft.Recipe = new SameAsRecipe(parent.Id);
                draft.Name = Chance(0.7) ? parent.Name : $"{Pick(Names.Families)}-{Label(parent.Architecture)}";
                draft.Relation = Relations.Copy;
                draft.Shards = parent.Shards; // byte for byte the same files
                draft.IsLeaf = true;
                break;
            case UploadKind.Reconversion:
                draft.Recipe = new SameAsRecipe(parent.Id);
                draft.Name = $"{parent.Name}-{(Chance(0.5) ? "converted" : "hf")}";
                draft.Relation = Relations.Copy;
                draft.Encoding = Chance(0.5) ? "F16" : "F32";
                draft.Transforms.Add(Transforms.Renamed);
                if (Chance(0.4))
                    draft.Transforms.Add(Transforms.Transposed);
                draft.IsLeaf = true;
                break;
            case UploadKind.Obfuscated:
                Obfuscate(draft, parent, seed);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private void Tuned(Draft draft, string suffix)
    {
        draft.Name = $"{draft.Name}-{suffix}";
        draft.Relation = Relations.Finetune;
        draft.Encoding = Chance(0.85) ? "BF16" : "F16";
    }

    /// <summary>
    /// A quantised copy: GGUF Q8_0, or a k- or i-quant recipe or FP8 (rows of 256), a BF16 cast, int8, bitsandbytes NF4, GPTQ or AWQ safetensors. The
    /// recipe comes from the copy's unused weight seed, so adding recipes left every other draw of the plan as it was.
    /// </summary>
    private void Quantize(Draft draft, Draft parent, ulong seed)
    {
        draft.Recipe = new SameAsRecipe(parent.Id);
        draft.Relation = Relations.Quantized;
        draft.Transforms.Add(Transforms.Quantized);
        draft.IsLeaf = true;
        // the draws as the first demo hubs made them, so that every later draw of the plan stays as it was; every copy
        // of the 256-wide Llama now takes a k- or i-quant recipe or FP8, whatever they say
        var kind = parent.Architecture == Architectures.LlamaK && Chance(0.5) ? "recipe"
            : Chance(0.55) ? "Q8_0"
            : parent.Encoding is "F32" or "F16" && Chance(0.5) ? "BF16"
            : "packed";
        if (parent.Architecture == Architectures.LlamaK)
        {
            // the GGUF recipes, and block-scaled FP8 safetensors (DeepSeek-V3's layout)
            var choice = (int)(seed % (ulong)(GgufRecipe.SuperBlock.Count + 1));
            (draft.Encoding, draft.Name) = choice < GgufRecipe.SuperBlock.Count
                ? (GgufRecipe.SuperBlock[choice].FileType, $"{parent.Name}-{GgufRecipe.SuperBlock[choice].FileType}-GGUF")
                : ("FP8", $"{parent.Name}-FP8");
        }
        else if (kind == "Q8_0")
            (draft.Encoding, draft.Name) = ("Q8_0", $"{parent.Name}-GGUF");
        else if (kind == "BF16")
            (draft.Encoding, draft.Name) = ("BF16", $"{parent.Name}-bf16");
        else
        {
            // by the unused weight seed: bitsandbytes NF4, int8, GPTQ (where every packed layer's outputs fill whole
            // zero-point words of 32 bits·4, as AutoGPTQ's packer needs, and its inputs are few enough for the
            // demo's solver) or AWQ (whose scales the demo folds for dense blocks only)
            var gptq = parent.Architecture.Tensors().All(t => !GroupQuant.Packs(t) || (t.Rows % 32 == 0 && t.Columns <= GptqSolver.MaxInputs));
            var pick = (seed >> 48) % 4;
            (draft.Encoding, draft.Name) = pick switch
            {
                0 => ("NF4", $"{parent.Name}-bnb-4bit"),
                1 => ("I8", $"{parent.Name}-int8"),
                _ when (pick == 2 && gptq) || parent.Architecture.IsMixtureOfExperts => ("GPTQ", $"{parent.Name}-GPTQ"),
                _ => ("AWQ", $"{parent.Name}-AWQ"),
            };
        }
    }

    /// <summary>
    /// A fine-tune published only as a GGUF (its float weights never uploaded): one in four of those with rows of 256,
    /// in a recipe chosen, like the copies', from bits of its weight seed that nothing else uses.
    /// </summary>
    private static void ReleasedAsGguf(Draft draft, ulong seed)
    {
        if (draft.Architecture != Architectures.LlamaK || (seed >> 40) % 4 != 0)
            return;
        GgufRecipe[] recipes = [GgufRecipe.Q8_0, .. GgufRecipe.SuperBlock];
        var recipe = recipes[(int)((seed >> 44) % (ulong)recipes.Length)];
        (draft.Encoding, draft.Name) = (recipe.FileType, $"{draft.Name}-{recipe.FileType}-GGUF");
        // not made a leaf: a later upload may still pick it as its parent, so every other draw of the plan stays as it was
        draft.Transforms.Add(Transforms.Quantized);
    }

    /// <summary>A copy disguised: small noise, permuted hidden units, or reordered layers.</summary>
    private void Obfuscate(Draft draft, Draft parent, ulong seed)
    {
        draft.Relation = Relations.Copy;
        draft.Name = $"{Pick(Names.Families)}-{Label(parent.Architecture)}";
        draft.IsLeaf = true;
        switch (_random.Next(3))
        {
            case 0:
                draft.Recipe = new DeltaRecipe(parent.Id, seed, 0.005 + 0.01 * _random.NextDouble());
                draft.Transforms.Add(Transforms.Noise);
                break;
            case 1:
                draft.Recipe = new PermutedRecipe(parent.Id, seed);
                draft.Transforms.Add(Transforms.Permuted);
                draft.Aligned = false;
                break;
            default:
                var layers = Enumerable.Range(0, parent.Architecture.Layers).ToArray();
                var i = 1 + _random.Next(Math.Max(1, layers.Length - 2));
                (layers[i], layers[i - 1]) = (layers[i - 1], layers[i]);
                draft.Recipe = new ReorderedRecipe(parent.Id, layers);
                draft.Transforms.Add(Transforms.Reordered);
                draft.Aligned = false;
                break;
        }
    }

    /// <summary>
    /// What the card says: the parent (sometimes the wrong one) at the month's declaration rate; otherwise
    /// nothing, or a claim of training from scratch.
    /// </summary>
    private void Declare(Draft draft, Draft parent, double rate)
    {
        if (Chance(rate))
        {
            var wrongBase = draft.Relation == Relations.Finetune && Chance(0.05) && parent.FamilyBase is { } root && root != parent;
            draft.DeclaredBaseModels = [wrongBase ? parent.FamilyBase!.Id : parent.Id];
            draft.DeclaredRelation = draft.Relation switch
            {
                Relations.Quantized or Relations.Adapter => Chance(0.7) ? draft.Relation : null,
                Relations.Finetune => Chance(0.3) ? Relations.Finetune : null,
                _ => null,
            };
            return;
        }
        var claimRate = draft.Kind == UploadKind.Obfuscated ? DisguisedCopyFalseClaimRate : draft.Relation == Relations.Finetune ? FineTuneFalseClaimRate : 0.0;
        if (Chance(claimRate))
        {
            draft.ClaimsIndependent = true;
            draft.Datasets = [Pick(Names.Datasets)];
        }
    }

    /// <summary>Derivatives carry their parents' licence; some switch to a more permissive one, a few state none.</summary>
    private void InheritLicense(Draft draft, IReadOnlyList<Draft> parents)
    {
        draft.ParentLicenses = [.. parents.Select(p => p.License).OfType<string>().Distinct()];
        var inherited = parents[0].License;
        draft.License = Chance(0.05) ? null
            : Chance(0.12) && inherited is not null && Licenses.Relicense(inherited) is { } changed ? changed
            : inherited;
        draft.ConflictReason = Licenses.Conflict(draft.License, draft.ParentLicenses);
    }
}
