using System.Collections.Concurrent;
using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>
/// mergekit <c>slerp</c> between the base (v0) and one other model (v1), per flattened tensor: with
/// cos θ = ⟨v0/|v0|, v1/|v1|⟩, W = sin((1−t)θ)/sin θ·v0 + sin(tθ)/sin θ·v1, or the plain lerp (1−t)·v0 + t·v1 when
/// |cos θ| > 0.9995. The angle is computed once per tensor (from a <see cref="TensorSample"/> of a large one) and kept.
/// </summary>
public sealed class SlerpWeights(ModelWeights v0, ModelWeights v1, Gradient t) : ModelWeights(v0.Architecture)
{
    public const double DotThreshold = 0.9995;
    private readonly ConcurrentDictionary<string, (double S0, double S1)> _coefficients = new();

    public override double Scale(TensorSpec tensor) => v0.Scale(tensor);

    /// <summary>The factors applied to v0 and v1 for this tensor.</summary>
    public (double S0, double S1) CoefficientsFor(TensorSpec tensor) => _coefficients.GetOrAdd(tensor.Name, _ =>
    {
        var sample = TensorSample.Of(tensor);
        return Coefficients(sample.Read(v0), sample.Read(v1), t.ValueFor(tensor.Name, tensor.Layer, Architecture.Layers));
    });

    public static (double S0, double S1) Coefficients(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double t)
    {
        double aa = 0, bb = 0, ab = 0;
        for (var i = 0; i < a.Length; i++)
        {
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
            ab += (double)a[i] * b[i];
        }
        var (na, nb) = (Math.Sqrt(aa), Math.Sqrt(bb));
        var dot = ab / ((na > 1e-8 ? na : 1) * (nb > 1e-8 ? nb : 1));
        if (Math.Abs(dot) > DotThreshold)
            return (1 - t, t);
        var theta = Math.Acos(dot);
        var sin = Math.Sin(theta);
        return (Math.Sin((1 - t) * theta) / sin, Math.Sin(t * theta) / sin);
    }

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        var (s0, s1) = CoefficientsFor(tensor);
        var other = new float[destination.Length];
        v0.Read(tensor, offset, destination);
        v1.Read(tensor, offset, other);
        for (var i = 0; i < destination.Length; i++)
            destination[i] = (float)(s0 * destination[i] + s1 * other[i]);
    }
}
