using System.Text.Json.Serialization;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Recipes;

/// <summary>
/// How a model's weights are made, stored in the generated hub instead of the weights themselves. Parents are
/// named by model id; <see cref="RecipeBook"/> turns a recipe into <see cref="ModelWeights"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TrainedRecipe), "trained")]
[JsonDerivedType(typeof(DeltaRecipe), "delta")]
[JsonDerivedType(typeof(TrainingRecipe), "training")]
[JsonDerivedType(typeof(LowRankRecipe), "lowRank")]
[JsonDerivedType(typeof(MergeRecipe), "merge")]
[JsonDerivedType(typeof(PassthroughRecipe), "passthrough")]
[JsonDerivedType(typeof(PermutedRecipe), "permuted")]
[JsonDerivedType(typeof(ReorderedRecipe), "reordered")]
[JsonDerivedType(typeof(SameAsRecipe), "sameAs")]
public abstract record WeightRecipe
{
    /// <summary>The models whose weights this one reads.</summary>
    public abstract IEnumerable<string> Sources { get; }
}

/// <summary>Trained from scratch: an architecture and a seed; <paramref name="Structure"/> is the init scheme's seed when models share one.</summary>
public sealed record TrainedRecipe(string Architecture, ulong Seed, ulong? Structure = null) : WeightRecipe
{
    public override IEnumerable<string> Sources => [];
}

/// <summary>Dense delta relative to each tensor's scale: fine-tune, continued pre-training or added noise.</summary>
public sealed record DeltaRecipe(string Parent, ulong Seed, double Relative) : WeightRecipe
{
    public override IEnumerable<string> Sources => [Parent];
}

/// <summary>
/// A fine-tune with training's structure (<see cref="Weights.TrainingDeltaWeights"/>): relative change <paramref name="First"/>
/// in the first layer to <paramref name="Last"/> in the last, <paramref name="Embedding"/> on the touched token rows;
/// <paramref name="Architecture"/> names a wider vocabulary when tokens were added; siblings trained alike share the
/// <paramref name="Shared"/> seed for <paramref name="SharedShare"/> of their change.
/// </summary>
public sealed record TrainingRecipe(string Parent, ulong Seed, double First, double Last, double Embedding, string? Architecture = null, ulong? Shared = null, double SharedShare = 0)
    : WeightRecipe
{
    public override IEnumerable<string> Sources => [Parent];
}

/// <summary>A LoRA update merged into the parent's weights.</summary>
public sealed record LowRankRecipe(string Parent, ulong Seed, int Rank, double Relative, TensorRole[] Targets) : WeightRecipe
{
    public override IEnumerable<string> Sources => [Parent];
}

/// <summary>One input of a mergekit merge.</summary>
public sealed record MergeInput(string Model, Gradient Weight, Gradient? Density = null);

/// <summary>
/// A mergekit merge: <c>linear</c>, <c>slerp</c> (t in <see cref="T"/>, the other model as the only input),
/// <c>task_arithmetic</c>, <c>ties</c>, <c>dare_ties</c>, <c>dare_linear</c>, <c>breadcrumbs</c>, <c>breadcrumbs_ties</c>,
/// <c>della</c>, <c>della_linear</c>, <c>model_stock</c> (over the base), <c>nuslerp</c> (two inputs over the base, t in <see cref="T"/>).
/// </summary>
public sealed record MergeRecipe(string Method, string? Base, MergeInput[] Models, Gradient? T = null, ulong Seed = 0) : WeightRecipe
{
    public override IEnumerable<string> Sources => Base is null ? Models.Select(m => m.Model) : [Base, .. Models.Select(m => m.Model)];
}

/// <summary>One mergekit passthrough slice: layers [Start, End) of a model.</summary>
public sealed record LayerSlice(string Model, int Start, int End);

/// <summary>Layer stacking ("frankenmerge"): the slices' layers in order.</summary>
public sealed record PassthroughRecipe(LayerSlice[] Slices) : WeightRecipe
{
    public override IEnumerable<string> Sources => Slices.Select(s => s.Model).Distinct();
}

/// <summary>The parent with the hidden units of its MLPs permuted.</summary>
public sealed record PermutedRecipe(string Parent, ulong Seed) : WeightRecipe
{
    public override IEnumerable<string> Sources => [Parent];
}

/// <summary>The parent with its layers in another order: layer i is the parent's layer Layers[i].</summary>
public sealed record ReorderedRecipe(string Parent, int[] Layers) : WeightRecipe
{
    public override IEnumerable<string> Sources => [Parent];
}

/// <summary>The parent's values: exact copies, re-conversions and quantised copies (the file encodes them).</summary>
public sealed record SameAsRecipe(string Parent) : WeightRecipe
{
    public override IEnumerable<string> Sources => [Parent];
}
