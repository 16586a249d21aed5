using System.Text.Json;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Files;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Tests.Weights;
using HubWatch.DemoHub.Truth;
using HubWatch.DemoHub.Weights;
using HubWatch.Domain.Lineage;

namespace HubWatch.DemoHub.Tests.Ecosystem;

/// <summary>
/// <c>hub generate --scenario realistic</c> at a small scale: every hard case is there and labelled, and the weights
/// have the properties the cases are about — measured on the generated values, not taken from the recipe.
/// </summary>
public sealed class RealisticScenarioTests : IDisposable
{
    private const int PerCase = 2;
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-realistic-").FullName;
    private readonly HubCatalogFile _catalog;
    private readonly HubTruth _truth;
    private readonly RecipeBook _recipes;

    public RealisticScenarioTests()
    {
        HubGenerator.Generate(7, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), _folder, PerCase, HubGenerator.RealisticScenario);
        _catalog = JsonSerializer.Deserialize<HubCatalogFile>(File.ReadAllText(Path.Combine(_folder, HubCatalogFile.FileName)), HubCatalogFile.Json)!;
        _truth = JsonSerializer.Deserialize<HubTruth>(File.ReadAllText(Path.Combine(_folder, HubGenerator.TruthFileName)), HubCatalogFile.Json)!;
        _recipes = new RecipeBook(_catalog.Repos.Select(r => KeyValuePair.Create(r.Id, r.Recipe)).Concat(_catalog.Unpublished).ToDictionary(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_hard_case_is_labelled_with_models_of_its_own_and_parents_come_first()
    {
        string[] cases =
        [
            RealisticCases.IndependentSharedStructure, RealisticCases.DistilledStudent, RealisticCases.FinetuneLight, RealisticCases.FinetuneHeavy,
            RealisticCases.FinetuneVocabExtended, RealisticCases.FinetuneUnseenBase, RealisticCases.DepthUpscaled, RealisticCases.ConverterTransposed,
            RealisticCases.ConverterAnonymous, RealisticCases.ConverterSubset, RealisticCases.ConverterGguf, RealisticCases.DisguisedPermuted,
            RealisticCases.DisguisedReordered, RealisticCases.DisguisedNoise, .. RealisticCases.MergeMethods.Select(RealisticCases.Merge),
        ];
        var byCase = _truth.Models.GroupBy(m => m.Case ?? "").ToDictionary(g => g.Key, g => g.Count());
        Assert.All(cases, c => Assert.True(byCase.GetValueOrDefault(c) >= PerCase, $"{c}: {byCase.GetValueOrDefault(c)}"));
        Assert.DoesNotContain("", byCase.Keys);

        var created = _catalog.Repos.ToDictionary(r => r.Id, r => r.CreatedAt, StringComparer.Ordinal);
        foreach (var model in _truth.Models)
        {
            foreach (var parent in model.Parents.Where(p => created.ContainsKey(p.Id)))
                Assert.True(created[parent.Id] < created[model.Id], $"{parent.Id} after its child {model.Id}");
        }
    }

    [Fact]
    public void Unpublished_bases_are_computed_from_but_never_served()
    {
        var unseen = _truth.Models.Where(m => m.Case == RealisticCases.FinetuneUnseenBase).ToList();
        var ids = _catalog.Repos.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(unseen);
        Assert.All(unseen, m => Assert.DoesNotContain(m.Parents.Single().Id, ids));
        Assert.All(unseen, m => Assert.Contains(m.Parents.Single().Id, _catalog.Unpublished.Keys));
        // the siblings of one unseen base are related through it: their changes share a part
        var pair = unseen.GroupBy(m => m.Parents[0].Id).First(g => g.Count() == 2).ToList();
        var q = Spec(Architectures.Llama2K, "model.layers.3.self_attn.q_proj.weight");
        var (a, b, root) = (Rows(pair[0].Id, q), Rows(pair[1].Id, q), Rows(pair[0].Parents[0].Id, q));
        Assert.InRange(Stats.Cosine(Minus(a, root), Minus(b, root)), 0.15, 0.5);
    }

    [Fact]
    public void A_light_fine_tune_changes_weights_by_a_few_tenths_of_a_percent_to_three_percent_growing_with_depth()
    {
        var light = _truth.Models.First(m => m.Case == RealisticCases.FinetuneLight);
        var parent = light.Parents.Single().Id;
        double Change(int layer)
        {
            var spec = Spec(Architectures.Llama2K, $"model.layers.{layer}.mlp.up_proj.weight");
            var (child, original) = (Rows(light.Id, spec), Rows(parent, spec));
            return Stats.Std(Minus(child, original)) / Stats.Std(original);
        }

        var (first, last) = (Change(0), Change(Architectures.Llama2K.Layers - 1));
        Assert.InRange(first, 0.002, 0.012);
        Assert.InRange(last, 0.008, 0.035);
        Assert.True(last > 1.5 * first, $"{first:P2} → {last:P2}");
    }

    [Fact]
    public void A_heavy_fine_tune_keeps_similarity_falling_with_depth_as_the_measured_real_one()
    {
        var heavy = _truth.Models.First(m => m.Case == RealisticCases.FinetuneHeavy);
        var parent = heavy.Parents.Single().Id;
        double Cosine(string name)
        {
            var spec = Spec(Architectures.Llama2K, name);
            return Stats.Cosine(Rows(heavy.Id, spec), Rows(parent, spec));
        }

        Assert.InRange(Cosine("model.layers.0.self_attn.o_proj.weight"), 0.88, 0.96);
        Assert.InRange(Cosine("model.layers.7.self_attn.o_proj.weight"), 0.38, 0.56);
        Assert.InRange(Cosine("model.layers.0.self_attn.rotary_emb.inv_freq"), 0.999999, 1.000001); // a buffer: untouched
    }

    [Fact]
    public void A_vocabulary_extension_keeps_the_old_token_rows_and_appends_new_ones()
    {
        var extended = _truth.Models.First(m => m.Case == RealisticCases.FinetuneVocabExtended);
        var parent = extended.Parents.Single().Id;
        var weights = _recipes.WeightsOf(extended.Id);
        var embedding = weights.Architecture.Tensors().Single(t => t.Role == TensorRole.Embedding);
        var hidden = (int)embedding.Columns;

        Assert.Equal(Architectures.Llama2KExtended.Vocab, embedding.Rows);
        var (old, added) = (new float[64 * hidden], new float[64 * hidden]);
        weights.Read(embedding, 1000L * hidden, old);
        weights.Read(embedding, (long)Architectures.Llama2K.Vocab * hidden, added);
        var original = new float[64 * hidden];
        _recipes.WeightsOf(parent).Read(Spec(Architectures.Llama2K, embedding.Name), 1000L * hidden, original);
        Assert.True(Stats.Cosine(old, original) > 0.95);
        Assert.True(Stats.Std(added) > 0);
    }

    [Fact]
    public void Exports_name_tensors_anonymously_store_them_transposed_and_a_subset_drops_the_head()
    {
        var anonymous = Files(RealisticCases.ConverterAnonymous);
        var subset = Files(RealisticCases.ConverterSubset);
        var transposed = Files(RealisticCases.ConverterTransposed);

        Assert.All(anonymous, t => Assert.StartsWith("onnx::", t.Name, StringComparison.Ordinal));
        Assert.Contains(anonymous, t => t.Shape.SequenceEqual([(long)Architectures.Llama2K.Hidden, Architectures.Llama2K.Intermediate])); // up_proj as [in, out]
        Assert.DoesNotContain(anonymous, t => t.Source.Role == TensorRole.Buffer); // exporters drop the rotary buffers
        Assert.DoesNotContain(subset, t => t.Source.Role == TensorRole.LmHead);
        Assert.Contains(transposed, t => t.Name == "model.layers.0.mlp.up_proj.weight" && t.Shape[0] == Architectures.Llama2K.Hidden);
    }

    [Fact]
    public void A_model_stock_merge_of_siblings_is_neither_its_base_nor_a_parent()
    {
        var merge = _truth.Models.First(m => m.Case == RealisticCases.Merge("model_stock"));
        var spec = Spec(Architectures.Llama2K, "model.layers.5.mlp.down_proj.weight");
        var child = Rows(merge.Id, spec);
        var baseValues = Rows(merge.MergeBase!, spec);

        Assert.True(Stats.Std(Minus(child, baseValues)) > 0.01 * Stats.Std(baseValues));
        Assert.All(merge.Parents, p => Assert.True(Stats.Std(Minus(child, Rows(p.Id, spec))) > 0.01 * Stats.Std(baseValues)));
        Assert.Equal(Relations.Merge, merge.Relation);
    }

    private List<StoredTensor> Files(string @case)
    {
        var repo = _catalog.Repos.Single(r => r.Id == _truth.Models.First(m => m.Case == @case).Id);
        return [.. repo.Files.Where(f => f.Weights is not null).SelectMany(f => WeightFileLayout.For(repo, f.Weights!).Tensors.Select(t => t.Tensor))];
    }

    private static TensorSpec Spec(Architecture arch, string name) => arch.Tensors().Single(t => t.Name == name);

    /// <summary>The first 256 rows of a tensor (or all of a vector): enough rows that the change's row factors average out.</summary>
    private float[] Rows(string id, TensorSpec spec)
    {
        var values = new float[Math.Min(spec.Elements, 256 * spec.Columns)];
        _recipes.WeightsOf(id).Read(spec, 0, values);
        return values;
    }

    private static float[] Minus(float[] a, float[] b) => [.. a.Select((v, i) => v - b[i])];
}
