using System.Collections.Concurrent;
using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

public enum Sparsification
{
    None,

    /// <summary>TIES: keep the top <c>density</c> share of |δ| per tensor.</summary>
    Magnitude,

    /// <summary>DARE: keep each entry with probability <c>density</c>, then rescale to the original L1 norm.</summary>
    Random,

    /// <summary>Model Breadcrumbs: drop the largest <see cref="TaskArithmeticOptions.Gamma"/> share of |δ| (outliers) and the smallest, keeping <c>density</c>.</summary>
    Band,

    /// <summary>DELLA: keep each entry with a probability rising with its magnitude rank (density ± ε), rescaled by 1/p.</summary>
    RankSampling,
}

/// <summary>One input model of a task-arithmetic merge with its (possibly gradient) weight and density.</summary>
public sealed record TaskInput(ModelWeights Model, Gradient Weight, Gradient Density);

/// <summary>How mergekit's generalised task arithmetic is configured; <see cref="ForMethod"/> gives its defaults.</summary>
public sealed record TaskArithmeticOptions(Sparsification Sparsification, bool SignConsensus, bool Normalize, double Lambda, ulong Seed)
{
    /// <summary>Breadcrumbs' share of the largest deltas dropped (mergekit's default gamma).</summary>
    public double Gamma { get; init; } = 0.01;

    /// <summary>DELLA's spread of keep probabilities around the density (mergekit's epsilon).</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>mergekit's defaults per method (merge_methods/registry.py, generalized_task_arithmetic.py).</summary>
    public static TaskArithmeticOptions ForMethod(string method, ulong seed, bool? normalize = null, double lambda = 1.0) => method switch
    {
        "task_arithmetic" => new(Sparsification.None, false, normalize ?? false, lambda, seed),
        "ties" => new(Sparsification.Magnitude, true, normalize ?? true, lambda, seed),
        "dare_ties" => new(Sparsification.Random, true, normalize ?? false, lambda, seed),
        "dare_linear" => new(Sparsification.Random, false, normalize ?? false, lambda, seed),
        "breadcrumbs" => new(Sparsification.Band, false, normalize ?? false, lambda, seed),
        "breadcrumbs_ties" => new(Sparsification.Band, true, normalize ?? false, lambda, seed),
        "della" => new(Sparsification.RankSampling, true, normalize ?? true, lambda, seed),
        "della_linear" => new(Sparsification.RankSampling, false, normalize ?? false, lambda, seed),
        _ => throw new ArgumentException($"'{method}' is not a task-arithmetic merge method"),
    };
}

/// <summary>
/// mergekit's generalised task arithmetic (task_arithmetic, ties, dare_ties, dare_linear, breadcrumbs, della) over deltas δᵢ = Wᵢ − B:
/// sparsify each δᵢ, weight it, optionally keep only entries agreeing with the elected sign (Σ wᵢδᵢ ≥ 0 → +),
/// divide by the weights of the kept entries when normalising, scale by λ and add to the base.
/// </summary>
/// <remarks>
/// DARE's Bernoulli masks come from the counter stream, not from torch's generator, so a mergekit run with the
/// same config would drop other entries: the statistics (share of entries equal to the base, L1 rescale) match,
/// the exact positions cannot.
/// </remarks>
public sealed class TaskArithmeticWeights(ModelWeights baseModel, IReadOnlyList<TaskInput> inputs, TaskArithmeticOptions options)
    : ModelWeights(baseModel.Architecture)
{
    private readonly ConcurrentDictionary<string, TensorPlan> _plans = new();

    /// <param name="Magnitudes">DELLA: each input's sampled |δ| in ascending order, to rank an entry by.</param>
    private sealed record TensorPlan(double[] Weights, double[] Densities, float[] Thresholds, float[] Upper, double[] Rescale, ulong[] MaskKeys, float[][] Magnitudes);

    public override double Scale(TensorSpec tensor) => baseModel.Scale(tensor);

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        var plan = _plans.GetOrAdd(tensor.Name, _ => Plan(tensor));
        var count = destination.Length;
        var baseValues = new float[count];
        var deltas = new float[inputs.Count][];
        baseModel.Read(tensor, offset, baseValues);
        for (var m = 0; m < inputs.Count; m++)
        {
            deltas[m] = new float[count];
            inputs[m].Model.Read(tensor, offset, deltas[m]);
            for (var i = 0; i < count; i++)
                deltas[m][i] = Sparsify(plan, m, deltas[m][i] - baseValues[i], offset + i);
        }

        for (var i = 0; i < count; i++)
        {
            double vote = 0;
            if (options.SignConsensus)
            {
                for (var m = 0; m < inputs.Count; m++)
                    vote += plan.Weights[m] * deltas[m][i];
            }
            var elected = vote >= 0 ? 1 : -1;
            double mixed = 0, divisor = 0;
            for (var m = 0; m < inputs.Count; m++)
            {
                var weighted = plan.Weights[m] * deltas[m][i];
                if (options.SignConsensus && Math.Sign(weighted) != elected)
                    continue; // disagreeing, and pruned (sign 0) entries, neither add nor count
                mixed += weighted;
                divisor += plan.Weights[m];
            }
            if (!options.SignConsensus)
                divisor = plan.Weights.Sum();
            if (options.Normalize)
                mixed /= Math.Abs(divisor) < 1e-8 ? 1 : divisor;
            destination[i] = (float)(baseValues[i] + options.Lambda * mixed);
        }
    }

    private float Sparsify(TensorPlan plan, int model, float delta, long index) => options.Sparsification switch
    {
        Sparsification.Magnitude => Math.Abs(delta) >= plan.Thresholds[model] ? delta : 0f,
        Sparsification.Random => Kept(plan, model, index) ? (float)(delta * plan.Rescale[model]) : 0f,
        Sparsification.Band => Math.Abs(delta) >= plan.Thresholds[model] && Math.Abs(delta) < plan.Upper[model] ? delta : 0f,
        Sparsification.RankSampling => KeepProbability(plan, model, delta) is var p && CounterRandom.Uniform(plan.MaskKeys[model], index) < p ? (float)(delta / p) : 0f,
        _ => delta,
    };

    /// <summary>DELLA: density − ε for the smallest |δ| up to density + ε for the largest, by rank among the sampled magnitudes.</summary>
    private double KeepProbability(TensorPlan plan, int model, float delta)
    {
        var sorted = plan.Magnitudes[model];
        var rank = Array.BinarySearch(sorted, Math.Abs(delta));
        var fraction = (rank < 0 ? ~rank : rank) / (double)Math.Max(1, sorted.Length);
        return Math.Clamp(plan.Densities[model] - options.Epsilon + 2 * options.Epsilon * fraction, 0.01, 1);
    }

    private static bool Kept(TensorPlan plan, int model, long index) =>
        plan.Densities[model] >= 1 || CounterRandom.Uniform(plan.MaskKeys[model], index) < plan.Densities[model];

    /// <summary>Per-tensor constants that need the whole tensor (a <see cref="TensorSample"/> of a large one): TIES and breadcrumbs thresholds, DARE L1 rescale factors, DELLA ranks.</summary>
    private TensorPlan Plan(TensorSpec tensor)
    {
        var layers = Architecture.Layers;
        var weights = inputs.Select(i => i.Weight.ValueFor(tensor.Name, tensor.Layer, layers)).ToArray();
        var densities = inputs.Select(i => i.Density.ValueFor(tensor.Name, tensor.Layer, layers)).ToArray();
        var maskKeys = inputs.Select((_, m) => CounterRandom.Key(options.Seed, $"{m}/{tensor.Name}")).ToArray();
        var thresholds = new float[inputs.Count];
        var upper = Enumerable.Repeat(float.PositiveInfinity, inputs.Count).ToArray();
        var rescale = Enumerable.Repeat(1.0, inputs.Count).ToArray();
        var magnitudes = new float[inputs.Count][];
        var plan = new TensorPlan(weights, densities, thresholds, upper, rescale, maskKeys, magnitudes);
        if (options.Sparsification == Sparsification.None)
            return plan;

        var sample = TensorSample.Of(tensor);
        var baseValues = sample.Read(baseModel);
        for (var m = 0; m < inputs.Count; m++)
        {
            var delta = sample.Read(inputs[m].Model);
            for (var i = 0; i < delta.Length; i++)
                delta[i] -= baseValues[i];
            switch (options.Sparsification)
            {
                case Sparsification.Magnitude:
                    thresholds[m] = TopKThreshold(delta, densities[m]);
                    break;
                case Sparsification.Band:
                    upper[m] = (int)(options.Gamma * delta.Length) > 0 ? TopKThreshold(delta, options.Gamma) : float.PositiveInfinity;
                    thresholds[m] = TopKThreshold(delta, Math.Min(1, densities[m] + options.Gamma));
                    break;
                case Sparsification.RankSampling:
                    magnitudes[m] = [.. delta.Select(Math.Abs).Order()];
                    break;
                default:
                    rescale[m] = L1Rescale(plan, m, delta, sample);
                    break;
            }
        }
        return plan;
    }

    /// <summary>The |δ| of the k-th largest entry, k = ⌊density·n⌋ (mergekit's magnitude sparsification).</summary>
    private static float TopKThreshold(float[] delta, double density)
    {
        if (density >= 1)
            return 0f;
        var k = (int)(density * delta.Length);
        if (k <= 0)
            throw new InvalidOperationException("density keeps no entry");
        var magnitudes = delta.Select(Math.Abs).ToArray();
        Array.Sort(magnitudes);
        return magnitudes[^k];
    }

    /// <summary>mergekit's L1 rescale: Σ|δ| / Σ|kept δ|, so the sparse delta keeps the original L1 norm.</summary>
    private static double L1Rescale(TensorPlan plan, int model, float[] delta, TensorSample sample)
    {
        double all = 0, kept = 0;
        for (var i = 0; i < delta.Length; i++)
        {
            all += Math.Abs(delta[i]);
            if (Kept(plan, model, sample.IndexOf(i)))
                kept += Math.Abs(delta[i]);
        }
        return all < 1e-7 || kept < 1e-7 ? 1.0 : all / kept;
    }
}
