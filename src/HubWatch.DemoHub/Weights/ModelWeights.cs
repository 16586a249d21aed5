using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>
/// A model's weight values, computed on demand from its recipe. Values are addressed by tensor and flat (row-major)
/// offset, so a reader of a few rows of a giant model pays for those rows only.
/// </summary>
public abstract class ModelWeights
{
    private static long _nextId;

    /// <summary>Small tensors are computed whole once and kept in <see cref="TensorCache"/>; derivatives share them.</summary>
    public const long CachedTensorLimit = 1 << 20;

    protected ModelWeights(Architecture architecture) => Architecture = architecture;

    public Architecture Architecture { get; }

    /// <summary>Identifies this instance in the shared cache.</summary>
    internal long CacheId { get; } = Interlocked.Increment(ref _nextId);

    /// <summary>The typical magnitude of trained values of a tensor; fine-tune deltas and noise are scaled by it.</summary>
    public abstract double Scale(TensorSpec tensor);

    /// <summary>Values [offset, offset + destination.Length) of the flattened tensor.</summary>
    public void Read(TensorSpec tensor, long offset, Span<float> destination)
    {
        if (offset < 0 || offset + destination.Length > tensor.Elements)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{tensor.Name} has {tensor.Elements} values, not [{offset}, {offset + destination.Length}).");
        if (tensor.Elements > CachedTensorLimit)
        {
            Compute(tensor, offset, destination);
            return;
        }
        var whole = TensorCache.Shared.GetOrAdd(CacheId, tensor.Name, () =>
        {
            var values = new float[tensor.Elements];
            Compute(tensor, 0, values);
            return values;
        });
        whole.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    public float[] ReadAll(TensorSpec tensor)
    {
        var values = new float[tensor.Elements];
        Read(tensor, 0, values);
        return values;
    }

    /// <summary>Computes the values; called at most once per small tensor thanks to the cache.</summary>
    protected abstract void Compute(TensorSpec tensor, long offset, Span<float> destination);
}
