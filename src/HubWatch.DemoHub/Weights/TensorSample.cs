using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>
/// The values a merge's whole-tensor statistics (slerp's angle, TIES's magnitude threshold, DARE's L1 rescale, model
/// stock's angle) are computed from: the whole tensor when the cache holds it, else <see cref="SampledRows"/> rows spread
/// evenly over it. mergekit reads whole tensors; for the realistic scenario's 4–65 M-value matrices that costs seconds
/// per tensor, and 64 rows of thousands of values estimate an angle or a quantile to about 1e-3.
/// </summary>
public sealed class TensorSample
{
    public const int SampledRows = 64;

    private TensorSample(TensorSpec tensor, long[] rows) => (Tensor, Rows) = (tensor, rows);

    public TensorSpec Tensor { get; }
    public long[] Rows { get; }

    public static TensorSample Of(TensorSpec tensor)
    {
        var rows = tensor.Rows;
        var sampled = tensor.Elements <= ModelWeights.CachedTensorLimit || rows <= SampledRows
            ? Enumerable.Range(0, (int)rows).Select(r => (long)r)
            : Enumerable.Range(0, SampledRows).Select(i => i * rows / SampledRows);
        return new TensorSample(tensor, [.. sampled]);
    }

    /// <summary>The sampled rows' values, row after row.</summary>
    public float[] Read(ModelWeights weights)
    {
        var columns = (int)Tensor.Columns;
        var values = new float[Rows.Length * columns];
        for (var i = 0; i < Rows.Length; i++)
            weights.Read(Tensor, Rows[i] * columns, values.AsSpan(i * columns, columns));
        return values;
    }

    /// <summary>The flat index in the tensor of sampled value <paramref name="j"/>.</summary>
    public long IndexOf(int j) => Rows[j / Tensor.Columns] * Tensor.Columns + j % Tensor.Columns;
}
