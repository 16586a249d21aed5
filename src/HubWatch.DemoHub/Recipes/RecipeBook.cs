using System.Collections.Concurrent;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Recipes;

/// <summary>
/// Builds each model's <see cref="ModelWeights"/> from its recipe, once: parents are shared, so a base's cached
/// tensors serve all its derivatives.
/// </summary>
public sealed class RecipeBook(IReadOnlyDictionary<string, WeightRecipe> recipes)
{
    private readonly ConcurrentDictionary<string, Lazy<ModelWeights>> _built = new();

    public ModelWeights WeightsOf(string modelId) =>
        _built.GetOrAdd(modelId, id => new Lazy<ModelWeights>(() => Build(id))).Value;

    private ModelWeights Build(string modelId)
    {
        if (!recipes.TryGetValue(modelId, out var recipe))
            throw new KeyNotFoundException($"no recipe for {modelId}");
        return recipe switch
        {
            TrainedRecipe r => new TrainedWeights(Architectures.Named(r.Architecture), r.Seed),
            DeltaRecipe r => new DeltaWeights(WeightsOf(r.Parent), r.Seed, r.Relative),
            LowRankRecipe r => new LowRankWeights(WeightsOf(r.Parent), r.Seed, r.Rank, r.Relative, r.Targets.ToHashSet()),
            PermutedRecipe r => new PermutedWeights(WeightsOf(r.Parent), r.Seed),
            ReorderedRecipe r => Reordered(r),
            PassthroughRecipe r => Passthrough(r),
            MergeRecipe r => Merge(r),
            SameAsRecipe r => WeightsOf(r.Parent),
            _ => throw new NotSupportedException(recipe.GetType().Name),
        };
    }

    private LayerMapWeights Reordered(ReorderedRecipe recipe)
    {
        var parent = WeightsOf(recipe.Parent);
        return new LayerMapWeights(parent.Architecture, [.. recipe.Layers.Select(l => (parent, l))]);
    }

    private LayerMapWeights Passthrough(PassthroughRecipe recipe)
    {
        var layers = recipe.Slices
            .SelectMany(s => Enumerable.Range(s.Start, s.End - s.Start).Select(l => (WeightsOf(s.Model), l)))
            .ToList();
        var architecture = WeightsOf(recipe.Slices[0].Model).Architecture with { Layers = layers.Count };
        return new LayerMapWeights(architecture, layers);
    }

    private ModelWeights Merge(MergeRecipe recipe) => recipe.Method switch
    {
        "linear" => new LinearMergeWeights([.. recipe.Models.Select(m => (WeightsOf(m.Model), m.Weight))]),
        "slerp" => new SlerpWeights(WeightsOf(recipe.Base!), WeightsOf(recipe.Models.Single().Model), recipe.T!),
        _ => new TaskArithmeticWeights(
            WeightsOf(recipe.Base ?? throw new InvalidDataException($"{recipe.Method} needs a base model")),
            [.. recipe.Models.Select(m => new TaskInput(WeightsOf(m.Model), m.Weight, m.Density ?? Gradient.Constant(1)))],
            TaskArithmeticOptions.ForMethod(recipe.Method, recipe.Seed)),
    };
}
