namespace HubWatch.DemoHub.Models;

/// <summary>
/// One tensor of an architecture under its canonical (Hugging Face transformers) name, row-major shape
/// (outermost first, as PyTorch stores it).
/// </summary>
public sealed record TensorSpec(string Name, long[] Shape, TensorRole Role, int? Layer, int? Expert = null)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    public long Rows => Shape.Length == 1 ? 1 : Shape[0];

    public long Columns => Shape[^1];

    /// <summary>Norm gains and biases: vectors whose raw values look alike in every model.</summary>
    public bool IsVector => Shape.Length == 1;

    /// <summary>The same tensor in another layer (layer stacking and reordering move whole layers).</summary>
    public TensorSpec InLayer(int layer) =>
        Layer is null ? this : this with { Name = Name.Replace($".layers.{Layer}.", $".layers.{layer}.", StringComparison.Ordinal), Layer = layer };
}
