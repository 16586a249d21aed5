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

    /// <summary>The model whose values <paramref name="modelId"/> serves: itself, or the original behind its exact copies.</summary>
    public string SourceOf(string modelId) =>
        recipes.TryGetValue(modelId, out var recipe) && recipe is SameAsRecipe same ? SourceOf(same.Parent) : modelId;

    private ModelWeights Build(string modelId)
    {
        if (!recipes.TryGetValue(modelId, out var recipe))
            throw new KeyNotFoundException($"no recipe for {modelId}");
        return recipe switch
        {
            TrainedRecipe r => new TrainedWeights(Architectures.Named(r.Architecture), r.Seed, r.Structure),
            DeltaRecipe r => new DeltaWeights(WeightsOf(r.Parent), r.Seed, r.Relative),
            TrainingRecipe r => Training(r),
            LowRankRecipe r => new LowRankWeights(WeightsOf(r.Parent), r.Seed, r.Rank, r.Relative, r.Targets.ToHashSet()),
            PermutedRecipe r => new PermutedWeights(WeightsOf(r.Parent), r.Seed),
            ReorderedRecipe r => Reordered(r),
            PassthroughRecipe r => Passthrough(r),
            MergeRecipe r => Merge(r),
            SameAsRecipe r => WeightsOf(r.Parent),
            _ => throw new NotSupportedException(recipe.GetType().Name),
        };
    }

    private TrainingDeltaWeights Training(TrainingRecipe recipe)
    {
        var parent = WeightsOf(recipe.Parent);
        var architecture = recipe.Architecture is { } name ? Architectures.Named(name) with { Layers = parent.Architecture.Layers } : null;
        return new TrainingDeltaWeights(parent, recipe.Seed, recipe.First, recipe.Last, recipe.Embedding, architecture, recipe.Shared, recipe.SharedShare);
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
        "model_stock" => new ModelStockWeights(WeightsOf(recipe.Base!), [.. recipe.Models.Select(m => WeightsOf(m.Model))]),
        "nuslerp" => new NuSlerpWeights(WeightsOf(recipe.Base!), WeightsOf(recipe.Models[0].Model), WeightsOf(recipe.Models[1].Model), recipe.T!),
        _ => new TaskArithmeticWeights(
            WeightsOf(recipe.Base ?? throw new InvalidDataException($"{recipe.Method} needs a base model")),
            [.. recipe.Models.Select(m => new TaskInput(WeightsOf(m.Model), m.Weight, m.Density ?? Gradient.Constant(1)))],
            TaskArithmeticOptions.ForMethod(recipe.Method, recipe.Seed)),
    };
}
