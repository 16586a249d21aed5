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
        Assert.Contains("i.i.d. noise", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    /// <summary>
    /// A change as training leaves it: <paramref name="size"/> × the tensor's RMS, concentrated on some rows and input
    /// features by log-normal factors of spread <paramref name="spread"/> (0: i.i.d. noise).
    /// </summary>
    private static TinyModel Trained(TinyModel model, string id, double size, double spread, int seed)
    {
        var random = new Random(seed);
        var rms = model.Tensors.ToDictionary(t => t.Key, t => Math.Sqrt(t.Value.Average(v => (double)v * v)));
        double Factor() => Math.Exp(spread * TinyModel.Gaussian(random) - spread * spread);
        var rows = Enumerable.Range(0, 4 * TinyModel.Hidden).Select(_ => Factor()).ToArray();
        var columns = Enumerable.Range(0, 2 * TinyModel.Hidden).Select(_ => Factor()).ToArray();
        return model.Map(id, (name, i, v) =>
        {
            var width = name.Contains("down_proj", StringComparison.Ordinal) ? 2 * TinyModel.Hidden : TinyModel.Hidden;
            return v + size * rms[name] * rows[i / width] * columns[i % width] * TinyModel.Gaussian(random);
        });
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(0.02)]
    public void A_light_fine_tune_is_as_small_as_noise_but_structured_as_training_and_so_no_copy(double size)
    {
        var verdict = Judge(A, Trained(A, "fan/a-dpo", size, spread: 0.5, seed: 11));

        Assert.Equal(Relations.Finetune, verdict.Relation);
        Assert.Equal("lab/a", Assert.Single(verdict.Parents).Id);
        Assert.DoesNotContain(Transforms.Noise, verdict.Transforms);
        Assert.Contains("structured as training is", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Half_a_percent_of_noise_on_bfloat16_weights_with_uneven_rows_is_still_noise()
    {
        // rows of unequal scale round unequally: bfloat16's rounding of parent and child must not pass for training's structure
        var random = new Random(15);
        var rows = Enumerable.Range(0, 4 * TinyModel.Hidden).Select(_ => Math.Exp(0.3 * TinyModel.Gaussian(random))).ToArray();
        var uneven = A.Map("lab/a-uneven", (name, i, v) => v * rows[i / (name.Contains("down_proj", StringComparison.Ordinal) ? 2 * TinyModel.Hidden : TinyModel.Hidden)]);
        var parent = uneven.StoredAs("lab/a-bf16", TensorType.BF16);
        var noisy = Changed(uneven, "fan/a-noisy", 0.005, seed: 16).StoredAs("fan/a-noisy", TensorType.BF16);

        var verdict = Judge(parent, noisy);

        Assert.True(verdict.Relation == Relations.Copy, verdict.Evidence.Summary);
        Assert.Contains(Transforms.Noise, verdict.Transforms);
    }

    [Fact]
    public void A_small_change_whose_rows_cannot_tell_noise_from_training_stays_undecided()
    {
        var verdict = Judge(A, Trained(A, "fan/a-unclear", 0.01, spread: 0.085, seed: 12));

        Assert.True(verdict.Relation == Relations.Unknown, verdict.Evidence.Summary);
        Assert.StartsWith("undecided: lab/a changed by", verdict.Evidence.Summary, StringComparison.Ordinal);
        Assert.Contains("read more", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_fine_tunes_of_a_base_never_uploaded_are_siblings_from_it_where_their_cards_name_it()
    {
        var hidden = TinyModel.Trained("lab/internal", seed: 17);
        var (first, second) = (Changed(hidden, "fan/first", 0.1, seed: 18), Changed(hidden, "fan/second", 0.1, seed: 19));
        IReadOnlyList<Verdict> Classify(params string[] declared) => new ProvenanceClassifier(new CpuSimilarityKernels()).Classify(
            [first.Input(Start) with { DeclaredBases = declared }, second.Input(Start.AddDays(1)) with { DeclaredBases = declared }]);

        var named = Classify("lab/internal");
        var silent = Classify();

        // the first has nothing earlier to match, and its card names a base HubWatch cannot read: not "independent"
        Assert.Equal(Relations.Unknown, named[0].Relation);
        Assert.Contains("lab/internal", named[0].Evidence.Summary, StringComparison.Ordinal);
        Assert.Equal((Relations.Finetune, "lab/internal"), (named[1].Relation, named[1].Parents.Single().Id));
        Assert.Contains("siblings", named[1].Evidence.Summary, StringComparison.Ordinal);
        // without the cards, the weights alone cannot tell a sibling from a parent: the closest model stands
        Assert.Equal(Relations.Independent, silent[0].Relation);
        Assert.Equal((Relations.Finetune, "fan/first"), (silent[1].Relation, silent[1].Parents.Single().Id));
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

    [Theory]
    [InlineData(20)]
    [InlineData(21)]
    [InlineData(22)]
    public void A_heavy_fine_tune_is_a_fine_tune_of_the_base_not_of_a_lighter_sibling_trained_on_similar_data(int seed)
    {
        // both changes lean on one direction (similar data): the heavy one, 0.3 of it and 0.5 of its own, is closer to
        // the light sibling (0.05 of it and 0.03 of its own) than to the base they share
        var (shared, own, heavyOwn) = (Changed(A, "u", 1, seed), Changed(A, "v", 1, seed + 1), Changed(A, "w", 1, seed + 2));
        TinyModel Mix(string id, double a, TinyModel second, double b) => A.Map(id, (name, i, v) => v + a * (shared.Tensors[name][i] - v) + b * (second.Tensors[name][i] - v));
        var sibling = Mix("fan/a-light", 0.05, own, 0.03);
        var heavy = Mix("fan/a-heavy", 0.3, heavyOwn, 0.5);
        var child = Changed(sibling, "fan/a-light-heavy", 0.6, seed + 3);

        var verdicts = JudgeAll(A, sibling, heavy, child);

        Assert.Equal((Relations.Finetune, "lab/a"), (verdicts[1].Relation, verdicts[1].Parents.Single().Id));
        Assert.Equal((Relations.Finetune, "lab/a"), (verdicts[2].Relation, verdicts[2].Parents.Single().Id));
        // trained from the sibling, it carries the sibling's change once: the sibling stays its parent
        Assert.Equal((Relations.Finetune, "fan/a-light"), (verdicts[3].Relation, verdicts[3].Parents.Single().Id));
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
    public void Changes_dropped_at_random_with_a_weight_equal_to_the_density_are_dare_though_a_change_kept_alone_is_its_tune_bit_for_bit()
    {
        // mergekit's common dare_ties config (weight 0.5, density 0.5): the rescaling by 1 / density undoes the weight,
        // so where one change survives the child equals that tune, as under ties; the changes it dropped were not the smallest
        var (baseModel, math, code) = Siblings();
        var merge = DareMerge("fan/dare-half", baseModel, [(math, 0.5), (code, 0.5)], density: 0.5, seed: 12);

        var verdict = JudgeAll(baseModel, math, code, merge)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.Dare), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Task_arithmetic_over_three_fine_tunes_is_found_over_them_though_an_earlier_merge_of_two_has_the_childs_ratio()
    {
        var (baseModel, math, code) = Siblings();
        var chat = Changed(baseModel, "lab/base-chat", 0.2, seed: 15);
        var blend = baseModel.Map("fan/blend", (name, i, v) => v + 0.6 * (math.Tensors[name][i] - v) + 0.4 * (code.Tensors[name][i] - v));
        // 0.45 : 0.30 is the blend's 0.6 : 0.4, so base, blend and chat explain the child exactly as well
        var merge = baseModel.Map("fan/soup", (name, i, v) => v + 0.45 * (math.Tensors[name][i] - v) + 0.3 * (code.Tensors[name][i] - v) + 0.5 * (chat.Tensors[name][i] - v));

        var verdict = JudgeAll(baseModel, math, code, chat, blend, merge)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.TaskArithmetic), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-chat", "lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0.45, Weight(verdict, "lab/base-math"), 2);
    }

    [Fact]
    public void The_average_of_fine_tunes_pulled_toward_their_base_by_their_angle_is_model_stock()
    {
        var (baseModel, math, code) = Siblings(shared: 0.5);
        // mergekit's model_stock, tensor by tensor: t = 2·cosθ / (1 + cosθ) of the two changes' angle
        var merge = new TinyModel("fan/stock", baseModel.Tensors.ToDictionary(t => t.Key, t =>
        {
            var (a, b) = (Delta(math.Tensors[t.Key], t.Value), Delta(code.Tensors[t.Key], t.Value));
            var cos = Cosine(a, b);
            var w = 2 * cos / (1 + cos);
            return t.Value.Select((v, i) => (float)(v + w * (a[i] + b[i]) / 2)).ToArray();
        }));

        var verdict = JudgeAll(baseModel, math, code, merge)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.ModelStock), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Contains("model stock", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_fine_tunes_changes_interpolated_on_the_sphere_and_added_to_their_base_are_nuslerp()
    {
        var (baseModel, math, code) = Siblings(shared: 0.3);
        var merge = new TinyModel("fan/nuslerp", baseModel.Tensors.ToDictionary(t => t.Key, t =>
        {
            var (a, b) = (Delta(math.Tensors[t.Key], t.Value), Delta(code.Tensors[t.Key], t.Value));
            var mixed = Slerp([.. a.Select(x => (float)x)], [.. b.Select(x => (float)x)], 0.35);
            return t.Value.Select((v, i) => v + mixed[i]).ToArray();
        }));

        var verdict = JudgeAll(baseModel, math, code, merge)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.NuSlerp), (verdict.Relation, verdict.Method));
        Assert.Equal(0.35, verdict.Coefficients["t"][0], 1);
        Assert.Contains("nuslerp", verdict.Evidence.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_kept_in_a_band_without_their_largest_are_breadcrumbs()
    {
        var (baseModel, math, code) = Siblings();
        // mergekit's breadcrumbs: per tensor, each change kept between its top 10 % (the outliers, dropped) and its top 60 %
        var merge = new TinyModel("fan/breadcrumbs", baseModel.Tensors.ToDictionary(t => t.Key, t =>
        {
            var tunes = new[] { (math, 0.6), (code, 0.4) };
            var deltas = tunes.Select(x => Delta(x.Item1.Tensors[t.Key], t.Value)).ToList();
            var kept = deltas.Select(d => Largest(d, 0.6).Zip(Largest(d, 0.1), (inner, top) => inner && !top).ToArray()).ToList();
            return t.Value.Select((v, i) => (float)(v + Enumerable.Range(0, 2).Sum(k => kept[k][i] ? tunes[k].Item2 * deltas[k][i] : 0))).ToArray();
        }));

        var verdict = JudgeAll(baseModel, math, code, merge)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.Breadcrumbs), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_weighted_average_is_found_behind_an_earlier_merge_of_the_same_fine_tunes_that_explains_it_better_than_either()
    {
        var (baseModel, math, code) = Siblings();
        var chat = Changed(baseModel, "lab/base-chat", 0.2, seed: 13);
        var soup = TiesMerge("fan/soup", baseModel, [(math, 0.5), (code, 0.3), (chat, 0.4)], density: 0.6);
        var average = math.Map("fan/average", (name, i, v) => 0.55 * v + 0.45 * code.Tensors[name][i]);

        var verdict = JudgeAll(baseModel, math, code, chat, soup, average)[^1];

        Assert.Equal((Relations.Merge, MergeMethods.Linear), (verdict.Relation, verdict.Method));
        Assert.Equal(["lab/base-code", "lab/base-math"], verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0.55, Weight(verdict, "lab/base-math"), 2);
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
    /// <summary>Two fine-tunes of one base whose changes share <paramref name="shared"/> of their energy (similar data).</summary>
    private static (TinyModel Base, TinyModel Math, TinyModel Code) Siblings(double shared = 0)
    {
        var baseModel = TinyModel.Trained("lab/base", seed: 8);
        var common = Changed(baseModel, "common", 0.2, seed: 14);
        TinyModel Tune(string id, int seed)
        {
            var own = Changed(baseModel, id, 0.2, seed);
            return own.Map(id, (name, i, v) => baseModel.Tensors[name][i]
                + Math.Sqrt(1 - shared) * (v - baseModel.Tensors[name][i]) + Math.Sqrt(shared) * (common.Tensors[name][i] - baseModel.Tensors[name][i]));
        }
        return (baseModel, Tune("lab/base-math", 9), Tune("lab/base-code", 10));
    }

    private static double Cosine(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum() / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));

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
