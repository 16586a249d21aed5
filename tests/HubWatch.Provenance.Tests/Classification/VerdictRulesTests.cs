using HubWatch.Domain.Lineage;
using HubWatch.Formats.Encoding;
using HubWatch.Kernels;
using HubWatch.Provenance.Classification;

namespace HubWatch.Provenance.Tests.Classification;

/// <summary>
/// Every branch of the verdict rules on tiny hand-made models: each derivative written with the formula that makes it
/// (mergekit's for merges, ggml's rounding for quantised copies), each test asserting what the rule itself concludes —
/// relation, method, parents, coefficients, transforms — not a score over a whole hub.
/// </summary>
public sealed class VerdictRulesTests
{
    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly TinyModel A = TinyModel.Trained("lab/a", seed: 1);
    private static readonly TinyModel B = TinyModel.Trained("lab/b", seed: 2);

    /// <summary>The models judged in the order given (one day apart); the verdict of the last.</summary>
    private static Verdict Judge(params TinyModel[] models) => JudgeAll(models)[^1];

    private static IReadOnlyList<Verdict> JudgeAll(params TinyModel[] models) =>
        new ProvenanceClassifier(new CpuSimilarityKernels()).Classify([.. models.Select((m, i) => m.Input(Start.AddDays(i)))]);

    /// <summary>A change of <paramref name="size"/> × the tensor's RMS on every value, from its own seed.</summary>
    private static TinyModel Changed(TinyModel model, string id, double size, int seed)
    {
        var random = new Random(seed);
        var rms = model.Tensors.ToDictionary(t => t.Key, t => Math.Sqrt(t.Value.Average(v => (double)v * v)));
        return model.Map(id, (name, _, v) => v + size * rms[name] * TinyModel.Gaussian(random));
    }

    /// <summary>Each row's matrix values on 16 levels from its min to its max (AWQ's rounding; a row of 64 is one group).</summary>
    private static TinyModel GroupRounded(TinyModel model, string id) => model with
    {
        Id = id,
        Type = TensorType.GroupedInt4,
        Tensors = model.Tensors.ToDictionary(t => t.Key, t => t.Key.EndsWith("norm.weight", StringComparison.Ordinal) ? t.Value
            : [.. t.Value.Chunk(TinyModel.Hidden).SelectMany(row =>
            {
                var (min, step) = (row.Min(), (row.Max() - row.Min()) / 15);
                return row.Select(v => min + (step * MathF.Round((v - min) / step)));
            })]),
    };

    private static double Weight(Verdict verdict, string parent) =>
        verdict.Coefficients["weight"][verdict.Parents.Select(p => p.Id).ToList().IndexOf(parent)];

    [Fact]
    public void Two_separately_trained_models_are_independent()
    {
        var verdict = Judge(A, B);

        Assert.Equal(Relations.Independent, verdict.Relation);
        Assert.Empty(verdict.Parents);
        Assert.Contains("no earlier model of this width shows any similarity (1 compared)", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_model_of_its_width_has_nothing_to_derive_from()
    {
        var verdict = Judge(A);

        Assert.Equal(Relations.Independent, verdict.Relation);
        Assert.Equal(0, verdict.Evidence.Candidates);
    }

    [Fact]
    public void The_same_values_again_are_a_copy()
    {
        var verdict = Judge(A, A.Map("fan/a-again", (_, _, v) => v));

        Assert.Equal(Relations.Copy, verdict.Relation);
        Assert.Equal("lab/a", Assert.Single(verdict.Parents).Id);
        Assert.Equal(0, verdict.Evidence.RelativeError, 1e-12);
        Assert.Empty(verdict.Transforms);
    }

    [Fact]
    public void Float16_rounding_is_a_copy_not_a_change()
    {
        var verdict = Judge(A, A.StoredAs("fan/a-f16", TensorType.F16));

        Assert.Equal(Relations.Copy, verdict.Relation);
        Assert.Contains("unchanged but for rounding", verdict.Evidence.Summary, StringComparison.Ordinal);
        // half of float16's 2⁻¹⁰ step at most, relative to each value
        Assert.InRange(verdict.Evidence.RelativeError, 1e-5, 0.0005);
    }

    [Theory]
    [InlineData(TensorType.BF16)]
    [InlineData(TensorType.Q8_0)]
    [InlineData(TensorType.Q6_K)]
    [InlineData(TensorType.Q4_K)]
    public void Fewer_bits_per_weight_are_a_quantized_copy(TensorType type)
    {
        var verdict = Judge(A, A.StoredAs($"fan/a-{type}", type));

        Assert.Equal(Relations.Quantized, verdict.Relation);
        Assert.Equal("lab/a", Assert.Single(verdict.Parents).Id);
        Assert.Contains(Transforms.Quantized, verdict.Transforms);
        Assert.Contains(type.ToString(), verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quantized_copy_in_a_packed_format_is_named_by_it()
    {
        var packed = A.StoredAs("fan/a-gptq", TensorType.Q4_K) with { Format = "safetensors, GPTQ 4-bit, groups of 128 × 2 shards" };

        var verdict = Judge(A, packed);

        Assert.Equal(Relations.Quantized, verdict.Relation);
        Assert.StartsWith("lab/a in GPTQ 4-bit, groups of 128 (", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_awq_copy_whose_channels_carry_folded_scales_is_a_quantised_copy_and_the_same_values_in_another_format_are_not()
    {
        // AWQ multiplies each input channel of a layer by a scale and divides the op before by it: as the anchors are
        // patches of 8 × 64, scale the square and tall matrices (their rows hold the patch's 64 columns)
        var random = new Random(9);
        var columns = Enumerable.Range(0, TinyModel.Hidden).Select(_ => Math.Exp(0.5 * TinyModel.Gaussian(random))).ToArray();
        var rows = Enumerable.Range(0, 2 * TinyModel.Hidden).Select(_ => Math.Exp(0.5 * TinyModel.Gaussian(random))).ToArray();
        var scaled = A.Map("fan/a-awq", (name, i, v) => name.Contains("layers", StringComparison.Ordinal) && !name.Contains("down_proj", StringComparison.Ordinal) && !name.EndsWith("norm.weight", StringComparison.Ordinal)
            ? v * columns[i % TinyModel.Hidden] / rows[i / TinyModel.Hidden] : v);
        var awq = GroupRounded(scaled, "fan/a-awq") with { Format = "safetensors, AWQ 4-bit, groups of 128" };
        var notAwq = GroupRounded(scaled, "fan/a-gptq") with { Format = "safetensors, GPTQ 4-bit, groups of 128" };

        var verdict = Judge(A, awq);
        var other = Judge(A, notAwq);

        Assert.Equal((Relations.Quantized, "lab/a"), (verdict.Relation, Assert.Single(verdict.Parents).Id));
        Assert.StartsWith("lab/a in AWQ 4-bit, groups of 128 (", verdict.Evidence.Summary, StringComparison.Ordinal);
        Assert.NotEqual(Relations.Quantized, other.Relation); // without AWQ's folding the factors are a change
    }

    [Fact]
    public void A_gguf_copy_is_named_by_the_file_type_llama_cpp_wrote()
    {
        var gguf = A.StoredAs("fan/a-gguf", TensorType.Q4_K) with { Format = "gguf v3, Q4_K_M" };

        var verdict = Judge(A, gguf);

        Assert.Equal(Relations.Quantized, verdict.Relation);
        Assert.StartsWith("lab/a in Q4_K_M (", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fine_tune_published_only_in_Q4_K_is_a_fine_tune_and_a_later_Q4_K_copy_of_the_base_is_a_copy()
    {
        // a 5 % change hides inside 4-bit rounding (≈ 8 % RMS) by size, not by the grid
        var tunedGguf = Changed(A, "fan/a-tuned", 0.05, seed: 5).StoredAs("fan/a-tuned-Q4_K_M", TensorType.Q4_K) with { Format = "gguf v3, Q4_K_M" };
        var copy = A.StoredAs("fan/a-Q4_K_M", TensorType.Q4_K) with { Format = "gguf v3, Q4_K_M" };

        var verdicts = JudgeAll(A, tunedGguf, copy);

        Assert.Equal((Relations.Finetune, "lab/a"), (verdicts[1].Relation, Assert.Single(verdicts[1].Parents).Id));
        Assert.Contains("; quantised (Q4_K_M), ", verdicts[1].Evidence.Summary, StringComparison.Ordinal);
        Assert.Contains("of its values off the grid that rounding lab/a gives", verdicts[1].Evidence.Summary, StringComparison.Ordinal);
        // and the base rounded the same way later is still a quantised copy of the base, not of its rounded sibling
        Assert.Equal((Relations.Quantized, "lab/a"), (verdicts[2].Relation, verdicts[2].Parents.MaxBy(p => p.Share)!.Id));
    }

    [Theory]
    [InlineData(0.04)]
    [InlineData(0.08)]
    public void A_Q3_K_copy_of_the_base_stays_its_copy_though_a_light_fine_tune_in_Q3_K_shares_most_of_its_rounding(double change)
    {
        // both round nearly the same weights onto 3-bit grids: their rounding errors mostly agree, so the tuned sibling
        // can sit closer to the copy than the float base does
        var tunedGguf = Changed(A, "fan/a-tuned", change, seed: 6).StoredAs("fan/a-tuned-Q3_K_M", TensorType.Q3_K) with { Format = "gguf v3, Q3_K_M" };
        var copy = A.StoredAs("fan/a-Q3_K_M", TensorType.Q3_K) with { Format = "gguf v3, Q3_K_M" };

        var verdicts = JudgeAll(A, tunedGguf, copy);

        Assert.Equal((Relations.Finetune, "lab/a"), (verdicts[1].Relation, Assert.Single(verdicts[1].Parents).Id));
        Assert.Equal((Relations.Quantized, "lab/a"), (verdicts[2].Relation, Assert.Single(verdicts[2].Parents).Id));
    }

    [Fact]
    public void Codes_of_under_two_bits_name_the_parent_but_do_not_call_it_a_quantised_copy()
    {
        // rounded as 4-bit here; what matters is the type: at 1.75 bits rounding alone is a different model's error
        var coarse = A.StoredAs("fan/a-iq1", TensorType.Q4_0) with { Type = TensorType.IQ1_M, Format = "gguf v3, IQ1_M" };

        var verdict = Judge(A, coarse);

        Assert.Equal(Relations.Unknown, verdict.Relation);
        Assert.Equal("lab/a", Assert.Single(verdict.Parents).Id);
        Assert.StartsWith("undecided: derived from lab/a", verdict.Evidence.Summary, StringComparison.Ordinal);
        Assert.Contains("a quantised copy cannot be told from a quantised fine-tune", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_judged_on_a_sliver_of_the_model_stays_undecided_and_says_what_was_compared()
    {
        // what it read is a Q4_K copy of A, but nine tenths of it were in tensors the sampler could not decode
        var quantized = A.StoredAs("fan/a-partly-read", TensorType.Q4_K);
        var sliver = quantized with { UnreadParameters = 9 * A.Tensors.Values.Sum(v => (long)v.Length) };

        var verdict = Judge(A, sliver);

        Assert.Equal(Relations.Unknown, verdict.Relation);
        Assert.Equal("lab/a", Assert.Single(verdict.Parents).Id);
        Assert.StartsWith("undecided: lab/a in Q4_K", verdict.Evidence.Summary, StringComparison.Ordinal);
        Assert.Contains("compares only 10 % of its parameters", verdict.Evidence.Summary, StringComparison.Ordinal);
        Assert.Contains("a copy verdict needs 90 %", verdict.Evidence.Summary, StringComparison.Ordinal);
        var lenient = new ProvenanceClassifier(new CpuSimilarityKernels()) { CopyCoverage = 0.05 }.Classify([A.Input(Start), sliver.Input(Start.AddDays(1))]);
        Assert.Equal(Relations.Quantized, lenient[^1].Relation); // the bar is a setting, and the only thing in the way
    }

    [Fact]
    public void One_percent_noise_on_every_tensor_is_a_disguised_copy()
    {
        var verdict = Judge(A, Changed(A, "fan/a-noisy", 0.01, seed: 3));

        Assert.Equal(Relations.Copy, verdict.Relation);
        Assert.Contains(Transforms.Noise, verdict.Transforms);
        Assert.InRange(verdict.Evidence.RelativeError, 0.008, 0.012);
    }

    [Fact]
    public void A_change_of_a_tenth_of_the_weights_is_a_finetune()
    {
        var verdict = Judge(A, Changed(A, "fan/a-tuned", 0.10, seed: 4));

        Assert.Equal(Relations.Finetune, verdict.Relation);
        Assert.Equal("lab/a", Assert.Single(verdict.Parents).Id);
        Assert.InRange(verdict.Evidence.RelativeError, 0.09, 0.11);
        Assert.Contains("trained further from lab/a", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weighted_average_of_two_models_is_a_linear_merge_with_its_weights()
    {
        var merge = A.Map("fan/linear", (name, i, v) => 0.6 * v + 0.4 * B.Tensors[name][i]);

        var verdict = Judge(A, B, merge);

        Assert.Equal((Relations.Merge, MergeMethods.Linear), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/a", "lab/b"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0.6, Weight(verdict, "lab/a"), 3);
        Assert.Equal(0.4, Weight(verdict, "lab/b"), 3);
        Assert.Equal(0.6, verdict.Parents.Single(p => p.Id == "lab/a").Share, 3);
    }

    [Fact]
    public void A_merges_tensors_show_their_own_similarity_to_each_parent_not_the_fits()
    {
        var merge = A.Map("fan/linear", (name, i, v) => 0.6 * v + 0.4 * B.Tensors[name][i]);

        var verdict = Judge(A, B, merge);

        // 0.6·A + 0.4·B of two independent models: correlation 0.6 / √0.52 ≈ 0.83 with A, 0.4 / √0.52 ≈ 0.55 with B
        var matrices = verdict.Evidence.Tensors.Where(t => !t.Tensor.EndsWith("norm.weight", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(matrices);
        Assert.All(matrices, t =>
        {
            var byParent = t.ByParent!.ToDictionary(s => s.Parent);
            Assert.Equal(verdict.Parents.Select(p => p.Id), t.ByParent!.Select(s => s.Parent));
            // (± 0.1 over a 512-value anchor and two finite random tensors)
            Assert.InRange(byParent["lab/a"].Correlation, 0.73, 0.93);
            Assert.InRange(byParent["lab/b"].Correlation, 0.45, 0.7);
            Assert.True(byParent["lab/a"].Correlation > byParent["lab/b"].Correlation);
            Assert.True(byParent["lab/b"].ZScore > 5, $"{t.Tensor}: z {byParent["lab/b"].ZScore:F1}");
            Assert.Equal(("lab/a", byParent["lab/a"].Correlation), (t.Parent, t.Correlation)); // the parent it leans on, its own figure
        });
    }

    [Fact]
    public void Spherical_interpolation_is_a_slerp_merge_with_its_t()
    {
        const double t = 0.3;
        var merge = new TinyModel("fan/slerp", A.Tensors.ToDictionary(x => x.Key, x => Slerp(x.Value, B.Tensors[x.Key], t)));

        var verdict = Judge(A, B, merge);

        Assert.Equal((Relations.Merge, MergeMethods.Slerp), (verdict.Relation, verdict.Method));
        // t comes back through the angle between the parents' 512-value anchors, not the whole tensors': close, not exact
        Assert.Equal(t, verdict.Coefficients["t"][0], 2);
        Assert.True(verdict.Parents.Single(p => p.Id == "lab/a").Share > verdict.Parents.Single(p => p.Id == "lab/b").Share);
    }

    [Fact]
    public void Weighted_differences_added_to_a_base_are_task_arithmetic_without_the_base_as_a_parent()
    {
        var baseModel = TinyModel.Trained("lab/base", seed: 5);
        var math = Changed(baseModel, "lab/base-math", 0.2, seed: 6);
        var code = Changed(baseModel, "lab/base-code", 0.2, seed: 7);
        var merge = baseModel.Map("fan/task-arithmetic", (name, i, v) => v + 0.7 * (math.Tensors[name][i] - v) + 0.5 * (code.Tensors[name][i] - v));

        var verdicts = JudgeAll(baseModel, math, code, merge);

        Assert.All(verdicts.Skip(1).Take(2), v => Assert.Equal((Relations.Finetune, "lab/base"), (v.Relation, v.Parents.Single().Id)));
        var verdict = verdicts[^1];
        Assert.Equal((Relations.Merge, MergeMethods.TaskArithmetic), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0.7, Weight(verdict, "lab/base-math"), 3);
        Assert.Equal(0.5, Weight(verdict, "lab/base-code"), 3);
        Assert.Contains("base lab/base", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_trimmed_to_the_largest_and_sign_elected_are_ties_over_their_base()
    {
        var (baseModel, math, code) = Siblings();
        var merge = TiesMerge("fan/ties", baseModel, [(math, 0.6), (code, 0.4)], density: 0.5);

        var verdict = JudgeAll(baseModel, math, code, merge)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.Ties), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Contains("over the base lab/base", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_dropped_at_random_and_rescaled_are_dare_over_their_base()
    {
        var (baseModel, math, code) = Siblings();
        var merge = DareMerge("fan/dare", baseModel, [(math, 0.6), (code, 0.4)], density: 0.5, seed: 11);

        var verdict = JudgeAll(baseModel, math, code, merge)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.Dare), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Contains("over the base lab/base", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_stacked_whole_from_two_models_are_a_passthrough_merge()
    {
        // three layers: a's two, then b's second as the third; embedding and final norm from a
        var stacked = TinyModel.Shapes(3).ToDictionary(s => s.Name, s => s.Name.StartsWith("model.layers.2.", StringComparison.Ordinal)
            ? B.Tensors[s.Name.Replace("layers.2.", "layers.1.", StringComparison.Ordinal)]
            : A.Tensors[s.Name]);

        var verdict = Judge(A, B, new TinyModel("fan/stack", stacked));

        Assert.Equal((Relations.Merge, MergeMethods.Passthrough), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/a", "lab/b"], verdict.Parents.Select(p => p.Id));
        Assert.Equal([2.0, 1.0], verdict.Coefficients["layers"]);
        Assert.True(verdict.Parents[0].Share > 0.6, $"a's share {verdict.Parents[0].Share:F2}");
    }

    [Fact]
    public void Byte_identical_files_are_a_copy_of_the_earlier_upload_without_comparing_values()
    {
        var again = A with { Id = "fan/a-reupload" };
        var verdicts = new ProvenanceClassifier(new CpuSimilarityKernels()).Classify([A.Input(Start), again.Input(Start.AddDays(1), sameBytesAs: A.Id)]);

        Assert.Equal((Relations.Copy, "lab/a"), (verdicts[1].Relation, verdicts[1].Parents.Single().Id));
        Assert.Contains("byte for byte", verdicts[1].Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_fingerprint_is_unknown()
    {
        var verdicts = new ProvenanceClassifier(new CpuSimilarityKernels()).Classify([new ClassifiableModel("fan/pickle-only", Start, null)]);

        Assert.Equal(Relations.Unknown, Assert.Single(verdicts).Relation);
    }

    /// <summary>A base and two fine-tunes of it, the siblings a ties or dare merge combines.</summary>
    private static (TinyModel Base, TinyModel Math, TinyModel Code) Siblings()
    {
        var baseModel = TinyModel.Trained("lab/base", seed: 8);
        return (baseModel, Changed(baseModel, "lab/base-math", 0.2, seed: 9), Changed(baseModel, "lab/base-code", 0.2, seed: 10));
    }

    /// <summary>
    /// mergekit's slerp of two tensors: the angle between their normalised copies, lerp when nearly parallel
    /// (mergekit/merge_methods/slerp.py).
    /// </summary>
    private static float[] Slerp(float[] v0, float[] v1, double t)
    {
        double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));
        var dot = v0.Zip(v1, (a, b) => (double)a * b).Sum() / (Norm(v0) * Norm(v1));
        if (Math.Abs(dot) > 0.9995)
            return [.. v0.Zip(v1, (a, b) => (float)((1 - t) * a + t * b))];
        var theta = Math.Acos(dot);
        var (s0, s1) = (Math.Sin((1 - t) * theta) / Math.Sin(theta), Math.Sin(t * theta) / Math.Sin(theta));
        return [.. v0.Zip(v1, (a, b) => (float)(s0 * a + s1 * b))];
    }

    /// <summary>
    /// mergekit's ties (mergekit/merge_methods/generalized_task_arithmetic.py): each tune's change trimmed to the tensor's
    /// largest <paramref name="density"/> by magnitude, the sign elected by the weighted sum, the agreeing changes averaged
    /// by weight. Where one change survives alone, the child is that tune, bit for bit; where none does, the base.
    /// </summary>
    private static TinyModel TiesMerge(string id, TinyModel baseModel, (TinyModel Tune, double Weight)[] tunes, double density) =>
        new(id, baseModel.Tensors.ToDictionary(t => t.Key, t =>
        {
            var deltas = tunes.Select(x => Delta(x.Tune.Tensors[t.Key], t.Value)).ToList();
            var kept = deltas.Select(d => Largest(d, density)).ToList();
            var merged = new float[t.Value.Length];
            for (var i = 0; i < merged.Length; i++)
            {
                var sign = Math.Sign(Enumerable.Range(0, tunes.Length).Where(k => kept[k][i]).Sum(k => tunes[k].Weight * deltas[k][i]));
                var agreeing = Enumerable.Range(0, tunes.Length).Where(k => kept[k][i] && sign != 0 && Math.Sign(deltas[k][i]) == sign).ToList();
                var delta = agreeing.Count == 0 ? 0 : agreeing.Sum(k => tunes[k].Weight * deltas[k][i]) / agreeing.Sum(k => tunes[k].Weight);
                merged[i] = (float)(t.Value[i] + delta);
            }
            return merged;
        }));

    /// <summary>
    /// mergekit's dare_linear: each change kept with probability <paramref name="density"/> and rescaled by 1 / density,
    /// the kept changes added by weight. Where every change was dropped, the child is the base, bit for bit.
    /// </summary>
    private static TinyModel DareMerge(string id, TinyModel baseModel, (TinyModel Tune, double Weight)[] tunes, double density, int seed)
    {
        var random = new Random(seed);
        return new(id, baseModel.Tensors.ToDictionary(t => t.Key, t =>
        {
            var deltas = tunes.Select(x => Delta(x.Tune.Tensors[t.Key], t.Value)).ToList();
            var merged = new float[t.Value.Length];
            for (var i = 0; i < merged.Length; i++)
                merged[i] = (float)(t.Value[i] + Enumerable.Range(0, tunes.Length).Sum(k => random.NextDouble() < density ? tunes[k].Weight * deltas[k][i] / density : 0));
            return merged;
        }));
    }

    private static double[] Delta(float[] tune, float[] baseValues) => [.. tune.Select((v, i) => (double)v - baseValues[i])];

    private static bool[] Largest(double[] changes, double density)
    {
        var threshold = changes.Select(Math.Abs).Order().ElementAt((int)((1 - density) * changes.Length));
        return [.. changes.Select(c => Math.Abs(c) >= threshold)];
    }
}
