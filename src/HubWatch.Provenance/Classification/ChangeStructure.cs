using HubWatch.Formats.Encoding;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Classification;

/// <summary>
/// Whether a child's difference from its parent is i.i.d. noise or a change with training's structure, decided on the
/// anchors compared value for value (patches of rows × 64 columns), not by the change's size: a light SFT/DPO run moves
/// weights by 0.3–3 %, as much as an obfuscator's noise. Training concentrates its change on some output units and some
/// input features, so the change's energy varies from row to row far beyond what i.i.d. noise gives; noise scaled to
/// each weight (multiplicative) varies only as the parent's rows do, so the spread is taken of whichever is smaller, the
/// change's own log row energies or the change's relative to the parent's.
/// </summary>
/// <remarks>
/// The null is simulated for each pair, not assumed: i.i.d. noise of the observed size is added to the parent's own
/// anchor values and rounded as the child's storage rounds (the parent's rounding put back first), and the same
/// statistic is taken <see cref="NullDraws"/> times. Rounding matters: a bfloat16 value is off by up to half its last
/// place (≈ 0.2 %, as much as a light change, and more in rows of larger weights). A change is training's only when it
/// is far outside that null and at least twice its spread (an effect size, not only a p-value); noise only when within
/// half again the null's spread; between the two it is undecided.
/// Invariance: none needed — it reads patches where the anchors line up (slot and content matches).
/// </remarks>
internal static class ChangeStructure
{
    /// <summary>Observed spread at least this many times the null's: training (the effect size).</summary>
    public const double Structured = 2;

    /// <summary>
    /// Observed spread within this many times the null's: noise. The simulation leaves out what the fingerprint's own
    /// storage adds (anchors kept in half precision); noise copies measure 1.0–1.3× on the demo hub, light fine-tunes 10× and more.
    /// </summary>
    public const double Unstructured = 1.5;

    /// <summary>Null draws: the spread's null mean and deviation to ≈ 10 %.</summary>
    private const int NullDraws = 32;

    /// <summary>Fewer patches than this say nothing.</summary>
    public const int MinPatches = 8;

    /// <param name="Spread">Observed variance of the rows' log change energy, averaged over the patches.</param>
    /// <param name="NullSpread">The same under i.i.d. noise of the same size through the same rounding: mean of the draws.</param>
    /// <param name="NullDeviation">Standard deviation of the draws.</param>
    public sealed record Result(double Spread, double NullSpread, double NullDeviation, int Patches)
    {
        /// <summary>The observed spread in units of the null's mean.</summary>
        public double Ratio => NullSpread > 0 ? Spread / NullSpread : 0;

        public bool IsTraining => Patches >= MinPatches && Ratio >= Structured && Spread > NullSpread + 4 * NullDeviation;

        public bool IsNoise => Patches >= MinPatches && Ratio <= Unstructured;

        public string Describe() =>
            $"row-energy spread {Ratio:F1}× what i.i.d. noise of that size gives through the same rounding (null {NullSpread:G2} ± {NullDeviation:G2}, {Patches} patches)";
    }

    private sealed record Patch(float[] Child, float[] Parent, int Rows, int Columns);

    public static Result Of(PairComparison pair)
    {
        var (mantissa, parentMantissa) = (MantissaOf(pair.Child.MainType), MantissaOf(pair.Parent.MainType));
        if (mantissa == 0 || parentMantissa == 0)
            return new Result(0, 0, 0, 0); // a quantised side: its rounding is no small change to measure
        var patches = new List<Patch>();
        foreach (var match in pair.Matches.Where(m => m.Kind is MatchKind.Slot or MatchKind.Content && m.Child.IsMatrix && m.Parent is not null))
        {
            var window = SamplingPlan.AnchorOf(match.Child.Shape);
            var (child, parent) = (match.Child.Anchor, match.Parent!.Anchor);
            if (window.Rows >= 4 && window.Columns >= 16 && child.Length == window.Count && parent.Length == child.Length)
                patches.Add(new Patch(child, parent, (int)window.Rows, (int)window.Columns));
        }
        var observed = patches.Select(p => Spread(p.Child, p)).OfType<double>().ToList();
        if (observed.Count < MinPatches)
            return new Result(0, 0, 0, observed.Count);

        var random = new Random(0x5EED);
        var draws = Enumerable.Range(0, NullDraws).Select(_ => patches
            .Select(p => Spread(Simulated(p, random, mantissa, parentMantissa), p)).OfType<double>().DefaultIfEmpty(0).Average()).ToList();
        var mean = draws.Average();
        var deviation = Math.Sqrt(draws.Sum(d => (d - mean) * (d - mean)) / (draws.Count - 1));
        return new Result(observed.Average(), mean, deviation, observed.Count);
    }

    /// <summary>The parent's values moved by i.i.d. noise of the patch's own change size, rounded as the child's were.</summary>
    private static float[] Simulated(Patch patch, Random random, int mantissa, int parentMantissa)
    {
        double energy = 0;
        for (var i = 0; i < patch.Child.Length; i++)
            energy += (patch.Child[i] - patch.Parent[i]) * (double)(patch.Child[i] - patch.Parent[i]);
        var sigma = Math.Sqrt(energy / patch.Child.Length);
        var values = new float[patch.Parent.Length];
        for (var i = 0; i < values.Length; i++)
        {
            // the parent's unrounded value lies anywhere in its rounding cell; the noisy copy is rounded again
            var original = patch.Parent[i] + Ulp(patch.Parent[i], parentMantissa) * (random.NextDouble() - 0.5);
            values[i] = Round(original + sigma * Gaussian(random), mantissa);
        }
        return values;
    }

    /// <summary>min(var log e_δ, var log e_δ/e_w) over the rows; null where a row did not change at all.</summary>
    private static double? Spread(float[] child, Patch patch)
    {
        var (change, relative) = (new double[patch.Rows], new double[patch.Rows]);
        for (var r = 0; r < patch.Rows; r++)
        {
            double delta = 0, weight = 0;
            for (var c = 0; c < patch.Columns; c++)
            {
                var (x, y) = (child[r * patch.Columns + c], patch.Parent[r * patch.Columns + c]);
                delta += (x - y) * (double)(x - y);
                weight += (double)y * y;
            }
            if (delta <= 0 || weight <= 0)
                return null;
            (change[r], relative[r]) = (Math.Log(delta), Math.Log(delta / weight));
        }
        return Math.Min(Variance(change), Variance(relative));
    }

    private static int MantissaOf(TensorType type) => type switch { TensorType.BF16 => 7, TensorType.F16 => 10, TensorType.F32 => 23, _ => 0 };

    private static double Ulp(double value, int mantissa) => value == 0 ? 0 : Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(value))) - mantissa);

    private static float Round(double value, int mantissa)
    {
        var ulp = Ulp(value, mantissa);
        return ulp == 0 ? (float)value : (float)(Math.Round(value / ulp, MidpointRounding.ToEven) * ulp);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Variance(double[] values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }
}
