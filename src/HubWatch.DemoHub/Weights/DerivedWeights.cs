using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>Weights computed from one parent's, with the parent's shapes and scales.</summary>
public abstract class DerivedWeights(ModelWeights parent) : ModelWeights(parent.Architecture)
{
    public ModelWeights Parent { get; } = parent;

    public override double Scale(TensorSpec tensor) => Parent.Scale(tensor);
}

/// <summary>
/// Parent plus dense Gaussian noise of a given size relative to each tensor's scale: a full fine-tune (≈ 0.03),
/// continued pre-training (≈ 0.6, far but still related) or a noise obfuscation (≈ 0.01).
/// </summary>
public sealed class DeltaWeights(ModelWeights parent, ulong seed, double relative) : DerivedWeights(parent)
{
    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        Parent.Read(tensor, offset, destination);
        if (tensor.Role == TensorRole.Buffer)
            return; // a fixed buffer, not a weight
        var key = CounterRandom.Key(seed, tensor.Name);
        var size = relative * Scale(tensor);
        for (var i = 0; i < destination.Length; i++)
            destination[i] += (float)(size * CounterRandom.Normal(key, offset + i));
    }
}

/// <summary>
/// Parent plus a LoRA update B·A of rank r on the targeted roles (merged into the weights, as most uploads of LoRA
/// fine-tunes are). The update's entries have standard deviation <c>relative × scale</c>.
/// </summary>
public sealed class LowRankWeights(ModelWeights parent, ulong seed, int rank, double relative, IReadOnlySet<TensorRole> targets)
    : DerivedWeights(parent)
{
    public int Rank => rank;

    public bool Targets(TensorSpec tensor) => targets.Contains(tensor.Role) && !tensor.IsVector;

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        Parent.Read(tensor, offset, destination);
        if (!Targets(tensor))
            return;
        var columns = tensor.Columns;
        Span<float> bRow = stackalloc float[rank];
        var (aKey, s) = (KeyOfA(tensor), FactorScale(tensor));
        var row = -1L;
        for (var i = 0; i < destination.Length; i++)
        {
            var index = offset + i;
            var (r, c) = (index / columns, index % columns);
            if (r != row)
            {
                row = r;
                ReadB(tensor, r * rank, bRow);
            }
            var sum = 0.0;
            for (var k = 0; k < rank; k++)
                sum += bRow[k] * s * CounterRandom.Normal(aKey, k * columns + c);
            destination[i] += (float)sum;
        }
    }

    /// <summary>Entries of B ([rows, rank]) and A ([rank, columns]) are N(0, s²): an entry of B·A has variance rank·s⁴.</summary>
    private double FactorScale(TensorSpec tensor) => Math.Sqrt(relative * Scale(tensor) / Math.Sqrt(rank));

    /// <summary>Values of the factor A of a targeted tensor, flat [rank, columns], as an adapter file stores them.</summary>
    public void ReadA(TensorSpec tensor, long offset, Span<float> destination)
    {
        var (key, s) = (KeyOfA(tensor), FactorScale(tensor));
        for (var i = 0; i < destination.Length; i++)
            destination[i] = (float)(s * CounterRandom.Normal(key, offset + i));
    }

    /// <summary>Values of the factor B of a targeted tensor, flat [rows, rank].</summary>
    public void ReadB(TensorSpec tensor, long offset, Span<float> destination)
    {
        var key = CounterRandom.Key(seed, tensor.Name + "/B");
        var s = FactorScale(tensor);
        for (var i = 0; i < destination.Length; i++)
            destination[i] = (float)(s * CounterRandom.Normal(key, offset + i));
    }

    private ulong KeyOfA(TensorSpec tensor) => CounterRandom.Key(seed, tensor.Name + "/A");
}

/// <summary>
/// Hidden units of every MLP permuted (rows of gate/up, columns of down, each expert on its own): the function is
/// unchanged, element-wise comparison with the parent is broken.
/// </summary>
public sealed class PermutedWeights(ModelWeights parent, ulong seed) : DerivedWeights(parent)
{
    private int[] PermutationOf(TensorSpec tensor) =>
        CounterRandom.Permutation(CounterRandom.Key(seed, $"{tensor.Layer}/{tensor.Expert}"), Architecture.Intermediate);

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        switch (tensor.Role)
        {
            case TensorRole.MlpGate or TensorRole.MlpUp:
                ReadRowsPermuted(tensor, PermutationOf(tensor), offset, destination);
                break;
            case TensorRole.MlpDown:
                ReadColumnsPermuted(tensor, PermutationOf(tensor), offset, destination);
                break;
            default:
                Parent.Read(tensor, offset, destination);
                break;
        }
    }

    private void ReadRowsPermuted(TensorSpec tensor, int[] permutation, long offset, Span<float> destination)
    {
        var columns = tensor.Columns;
        for (var done = 0; done < destination.Length;)
        {
            var index = offset + done;
            var (row, column) = (index / columns, index % columns);
            var count = (int)Math.Min(columns - column, destination.Length - done);
            Parent.Read(tensor, permutation[row] * columns + column, destination.Slice(done, count));
            done += count;
        }
    }

    private void ReadColumnsPermuted(TensorSpec tensor, int[] permutation, long offset, Span<float> destination)
    {
        var columns = (int)tensor.Columns;
        var parentRow = new float[columns];
        var row = -1L;
        for (var i = 0; i < destination.Length; i++)
        {
            var index = offset + i;
            var r = index / columns;
            if (r != row)
            {
                row = r;
                Parent.Read(tensor, r * columns, parentRow);
            }
            destination[i] = parentRow[permutation[index % columns]];
        }
    }
}

/// <summary>
/// Layers taken from other models' layers: passthrough "frankenmerges" (mergekit slices) and reordered layers.
/// Embeddings come from the first source, the final norm and lm_head from the last (as mergekit does).
/// </summary>
public sealed class LayerMapWeights(Architecture architecture, IReadOnlyList<(ModelWeights Source, int Layer)> layers) : ModelWeights(architecture)
{
    private (ModelWeights Source, TensorSpec Tensor) Locate(TensorSpec tensor)
    {
        if (tensor.Layer is { } layer)
        {
            var (source, sourceLayer) = layers[layer];
            return (source, tensor.InLayer(sourceLayer));
        }
        return tensor.Role == TensorRole.Embedding ? (layers[0].Source, tensor) : (layers[^1].Source, tensor);
    }

    public override double Scale(TensorSpec tensor)
    {
        var (source, sourceTensor) = Locate(tensor);
        return source.Scale(sourceTensor);
    }

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        var (source, sourceTensor) = Locate(tensor);
        source.Read(sourceTensor, offset, destination);
    }
}
