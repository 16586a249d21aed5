using HubWatch.Domain.Lineage;

namespace HubWatch.Provenance.Classification;

internal sealed partial class VerdictRules
{
    /// <summary>How far the coefficients may stray from a recipe's formula, in the median over tensors.</summary>
    private const double FormulaTolerance = 0.05;

    /// <summary>
    /// Recipes that are exact in a base and its fine-tunes, like task arithmetic, but whose coefficients are a formula of
    /// the fine-tunes' changes, tensor by tensor. model_stock (Jang et al. 2024): every change weighted alike,
    /// t = k·cosθ / (1 + (k − 1)·cosθ) in all, θ the angle between the changes. nuslerp with a base: slerp between two
    /// changes, so s₀² + s₁² + 2·s₀·s₁·cosθ = 1 with θ their angle, and one t throughout. Null when neither formula holds: task arithmetic.
    /// Invariance: none needed — the fit and the angles are read on the anchors in place.
    /// </summary>
    private static (string Method, List<(PreparedModel Model, double Share, double Weight)> Parents, Dictionary<string, double[]> Coefficients, string How)? TaskVectorRecipe(
        MergeFit fit, PreparedModel baseModel)
    {
        var tunes = Enumerable.Range(0, fit.Members.Count).Where(i => fit.Members[i] != baseModel).ToList();
        if (tunes.Count < 2 || tunes.Count == fit.Members.Count)
            return null;
        var (sums, predicted, unequal, angleGap, ts) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        foreach (var (tensor, beta, _) in fit.Tensors)
        {
            var origin = baseModel.BySlot[tensor.Slot].Anchor;
            var changes = tunes.Select(i => Minus(fit.Members[i].BySlot[tensor.Slot].Anchor, origin)).ToList();
            var cosines = new List<double>();
            for (var a = 0; a < changes.Count; a++)
            {
                for (var b = a + 1; b < changes.Count; b++)
                    cosines.Add(Math.Clamp(AnchorMath.Cosine(changes[a], changes[b]), -1, 1));
            }
            var cos = cosines.Average();
            var w = tunes.Select(i => beta[i]).ToArray();
            var k = w.Length;
            sums.Add(w.Sum());
            predicted.Add(k * cos / (1 + (k - 1) * cos));
            unequal.Add(w.Max() - w.Min());
            // slerp's coefficients give its angle: s₀² + s₁² + 2·s₀·s₁·cosθ = 1; the angle measured on the anchors must agree
            var implied = k == 2 ? (1 - w[0] * w[0] - w[1] * w[1]) / (2 * w[0] * w[1]) : double.NaN;
            if (Math.Abs(implied) < 0.9995)
            {
                var theta = Math.Acos(implied);
                angleGap.Add(cos - implied);
                ts.Add(Math.Atan2(w[1] * Math.Sin(theta), w[0] + w[1] * implied) / theta);
            }
        }
        if (fit.Tensors.Count == 0)
            return null;
        var parents = tunes.Select(i => (fit.Members[i], 1.0 / tunes.Count, fit.Coefficients[i])).ToList();
        // an 8-row anchor estimates a tensor's angle roughly (rows change unevenly): the formula is checked over the medians
        var stockError = Math.Abs(Median(sums) - Median(predicted));
        if (Median(unequal) < 0.02 && stockError < FormulaTolerance)
        {
            var t = fit.Coefficients.Where((_, i) => tunes.Contains(i)).Sum();
            return (MergeMethods.ModelStock, parents, new Dictionary<string, double[]> { ["t"] = [Math.Round(t, 4)] },
                $"base {baseModel.Id} moved toward the average of {tunes.Count} fine-tunes by t = k·cosθ/(1 + (k − 1)·cosθ) of their changes' angle, tensor by tensor "
                + $"(median t {t:F2}, the formula's {Median(predicted):F2}): model stock");
        }
        // the anchors' angles scatter around the tensor's (≈ 0.15 on 512 values), the mean gap by that over √n: a task
        // arithmetic's constant weights imply one angle, which the changes' angles match only by chance
        if (ts.Count >= 0.9 * fit.Tensors.Count && Math.Abs(angleGap.Average()) < Math.Max(FormulaTolerance, 3 * Spread(angleGap) / Math.Sqrt(angleGap.Count))
            && Spread(ts) < FormulaTolerance)
        {
            var t = Median(ts);
            parents = [(parents[0].Item1, 1 - t, parents[0].Item3), (parents[1].Item1, t, parents[1].Item3)];
            return (MergeMethods.NuSlerp, parents, new Dictionary<string, double[]> { ["t"] = [Math.Round(t, 4)] },
                $"base {baseModel.Id} plus the spherical interpolation of two fine-tunes' changes, t = {t:F2} throughout "
                + $"(the angle their coefficients imply, by s₀² + s₁² + 2·s₀·s₁·cosθ = 1, is the changes' own within {Math.Abs(angleGap.Average()):F3}): nuslerp");
        }
        return null;
    }

    private static float[] Minus(float[] a, float[] b) => [.. a.Select((v, i) => v - b[i])];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.PositiveInfinity : sorted[sorted.Count / 2];
    }

    private static double Spread(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
