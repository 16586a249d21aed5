using System.Collections.Concurrent;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Files;

/// <summary>
/// GPTQ's rounding (AutoGPTQ <c>gptq.py</c> <c>fasterquant</c>, desc_act false): the inputs of each output row are
/// rounded in order, and each rounding error is spread over the inputs not yet rounded through the inverse Hessian of
/// the layer's inputs, so later codes are chosen to cancel earlier errors in the layer's output, not to be nearest to
/// their own weight. A group's scale is taken from its weights as updated when its first input is reached.
/// The Hessian needs calibration activations, which the demo has none of: H = D·(I + A·Aᵀ/8)·D from channel scales D
/// (log-normal, σ 1: a few loud channels, as LLM activations have) and an 8-dimensional shared component A, plus
/// GPTQ's dampening (1 % of the mean diagonal).
/// </summary>
internal static class GptqSolver
{
    /// <summary>Widest layer input the demo rounds this way: H⁻¹ takes inputs² doubles (a 70B down_proj's would be 6.6 GB).</summary>
    public const int MaxInputs = 8192;

    private const int SharedRank = 8;
    private const double Damping = 0.01;
    private static readonly ulong Key = CounterRandom.Key(0x6A71, "gptq calibration");

    /// <summary>The upper Cholesky factor of H⁻¹ per layer input (name and width): the same for every copy of an architecture.</summary>
    private static readonly ConcurrentDictionary<(string, long), double[,]> Factors = new();

    /// <summary>One row rounded: its codes, and each group's scale (fp16) and zero point (8: symmetric).</summary>
    public static (byte[] Codes, float[] Scales, int[] Zeros) Round(TensorSpec spec, float[] row, int groupSize)
    {
        var u = Factors.GetOrAdd((spec.Name, spec.Columns), _ => InverseHessianFactor(spec));
        var n = row.Length;
        var w = Array.ConvertAll(row, v => (double)v);
        var groups = (n + groupSize - 1) / groupSize;
        var (codes, scales, zeros) = (new byte[n], new float[groups], new int[groups]);
        for (var j = 0; j < n; j++)
        {
            if (j % groupSize == 0)
            {
                var top = 0.0;
                for (var k = j; k < Math.Min(n, j + groupSize); k++)
                    top = Math.Max(top, Math.Abs(w[k]));
                (scales[j / groupSize], zeros[j / groupSize]) = ((float)(Half)(top == 0 ? 2.0 / 15 : 2 * top / 15), 8);
            }
            var scale = scales[j / groupSize];
            codes[j] = (byte)Math.Clamp((int)Math.Round(w[j] / scale) + 8, 0, 15);
            var error = (w[j] - (scale * (codes[j] - 8))) / u[j, j];
            for (var k = j + 1; k < n; k++)
                w[k] -= error * u[j, k];
        }
        return (codes, scales, zeros);
    }

    private static double[,] InverseHessianFactor(TensorSpec spec) => UpperCholesky(Inverse(Hessian(spec)));

    /// <summary>The dampened Hessian of a layer's inputs, 2·XᵀX in GPTQ up to a factor that cancels.</summary>
    internal static double[,] Hessian(TensorSpec spec)
    {
        var n = (int)spec.Columns;
        var key = CounterRandom.Key(Key, $"{spec.Name}/{n}");
        var d = new double[n];
        var a = new double[n, SharedRank];
        for (var i = 0; i < n; i++)
        {
            d[i] = Math.Exp(CounterRandom.Normal(key, i));
            for (var r = 0; r < SharedRank; r++)
                a[i, r] = CounterRandom.Normal(key, n + (i * SharedRank) + r);
        }
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var shared = 0.0;
                for (var r = 0; r < SharedRank; r++)
                    shared += a[i, r] * a[j, r];
                h[i, j] = h[j, i] = d[i] * d[j] * ((i == j ? 1 : 0) + (shared / SharedRank));
            }
        }
        var damp = Damping * Enumerable.Range(0, n).Average(i => h[i, i]);
        for (var i = 0; i < n; i++)
            h[i, i] += damp;
        return h;
    }

    /// <summary>H⁻¹ of a symmetric positive definite H, from its Cholesky factor (torch.cholesky_inverse).</summary>
    private static double[,] Inverse(double[,] h)
    {
        var n = h.GetLength(0);
        var l = LowerCholesky(h);
        var inverse = new double[n, n];
        var column = new double[n];
        for (var c = 0; c < n; c++)
        {
            // solve L·y = e_c, then Lᵀ·x = y
            for (var i = 0; i < n; i++)
            {
                var sum = i == c ? 1.0 : 0.0;
                for (var k = 0; k < i; k++)
                    sum -= l[i, k] * column[k];
                column[i] = sum / l[i, i];
            }
            for (var i = n - 1; i >= 0; i--)
            {
                var sum = column[i];
                for (var k = i + 1; k < n; k++)
                    sum -= l[k, i] * inverse[k, c];
                inverse[i, c] = sum / l[i, i];
            }
        }
        return inverse;
    }

    private static double[,] LowerCholesky(double[,] m)
    {
        var n = m.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = m[i, j];
                for (var k = 0; k < j; k++)
                    sum -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(sum) : sum / l[j, j];
            }
        }
        return l;
    }

    /// <summary>U with M = Uᵀ·U (torch.linalg.cholesky(M, upper=True)): the transpose of the lower factor.</summary>
    private static double[,] UpperCholesky(double[,] m)
    {
        var l = LowerCholesky(m);
        var n = m.GetLength(0);
        var u = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                u[i, j] = l[j, i];
        }
        return u;
    }
}
