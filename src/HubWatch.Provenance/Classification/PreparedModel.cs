using HubWatch.Formats.Encoding;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Classification;

/// <summary>A tensor of a fingerprint with what comparisons need: its slot, its orientation-free shape and its anchor.</summary>
internal sealed record PreparedTensor(TensorFingerprint Source, TensorSlot Slot)
{
    public string Name => Source.Name;
    public long[] Shape => Source.Shape;
    public float[] Anchor => Source.Anchor;
    public long Elements => Source.Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Dims sorted: a transposed copy has the same key.</summary>
    public string ShapeKey { get; } = string.Join('x', Source.Shape.Order());
    public string Dims { get; } = string.Join('x', Source.Shape);
    public bool IsMatrix => Source.Shape.Length >= 2 && Source.Shape.Count(d => d > 1) >= 2;
}

/// <summary>A model ready to be compared: prepared tensors by slot, its naming scheme, its width class.</summary>
internal sealed class PreparedModel
{
    public PreparedModel(ClassifiableModel model, int order)
    {
        Model = model;
        Order = order;
        var fingerprint = model.Fingerprint!;
        Tensors = [.. fingerprint.Tensors.Select(t => new PreparedTensor(t, TensorSlot.Of(t.Name)))];
        BySlot = Tensors.GroupBy(t => t.Slot).ToDictionary(g => g.Key, g => g.First());
        Naming = TensorSlot.NamingOf(Tensors.Select(t => t.Name));
        Layers = Tensors.Select(t => t.Slot.Layer).DefaultIfEmpty(-1).Max() + 1;
        Parameters = Tensors.Sum(t => t.Elements);
        UnreadParameters = fingerprint.UnreadParameters;
        var signature = fingerprint.Signature;
        // models that can derive from one another share their hidden width; depth may differ (passthrough merges stack
        // layers) and so may the vocabulary (fine-tunes add tokens). The names give it; an export that renamed every
        // tensor, or stored it transposed, still has it as the dimension most of its matrices share
        WidthKey = signature.Hidden is { } hidden ? $"h{hidden}"
            : CommonDimension(Tensors) is { } common ? $"h{common}"
            : string.Join(';', Tensors.Select(t => t.ShapeKey).Distinct().Order(StringComparer.Ordinal));
        IsAdapter = Tensors.Count > 0 && Tensors.All(t => t.Name.Contains("lora_", StringComparison.Ordinal));
        MainType = Tensors.Where(t => t.IsMatrix).GroupBy(t => t.Source.Type).OrderByDescending(g => g.Sum(t => t.Elements)).Select(g => g.Key).FirstOrDefault();
    }

    /// <summary>The dimension the most matrices have (the larger on a tie), or null without matrices.</summary>
    private static long? CommonDimension(IEnumerable<PreparedTensor> tensors) =>
        tensors.Where(t => t.IsMatrix).SelectMany(t => t.Shape.Where(d => d > 1).Distinct())
            .GroupBy(d => d).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Select(g => (long?)g.Key).FirstOrDefault();

    /// <summary>No matrix has a role HubWatch knows by name: an exporter's anonymous names, found by content alone.</summary>
    public bool IsAnonymous => Tensors.Where(t => t.IsMatrix).All(t => !t.Slot.IsKnownRole);

    public ClassifiableModel Model { get; }
    public string Id => Model.Id;

    /// <summary>Position in upload order: only earlier models can be parents.</summary>
    public int Order { get; }
    public IReadOnlyList<PreparedTensor> Tensors { get; }
    public IReadOnlyDictionary<TensorSlot, PreparedTensor> BySlot { get; }
    public string Naming { get; }
    public int Layers { get; }
    public long Parameters { get; }

    /// <summary>Parameters in tensors that could not be decoded: never compared.</summary>
    public long UnreadParameters { get; }
    public string WidthKey { get; }
    public bool IsAdapter { get; }

    /// <summary>The encoding of most of the matrices' parameters.</summary>
    public TensorType MainType { get; }

    /// <summary>What a verdict calls its encoding: the packed format the sampler named ("GPTQ 4-bit, groups of 128"), else <see cref="MainType"/>.</summary>
    public string StorageFormat
    {
        get
        {
            var format = Model.Fingerprint!.Format;
            var comma = format.IndexOf(", ", StringComparison.Ordinal);
            if (comma < 0)
                return MainType.ToString();
            var packed = format[(comma + 2)..];
            var shards = packed.IndexOf(" × ", StringComparison.Ordinal);
            return shards < 0 ? packed : packed[..shards];
        }
    }

    /// <summary>
    /// AWQ: each layer's input channels carry a scale folded in before rounding (the op before divides it back out), so
    /// its matrices match the original's only up to a factor per row and column.
    /// </summary>
    public bool FoldsChannelScales => StorageFormat.StartsWith("AWQ", StringComparison.Ordinal);

    /// <summary>Stored as codes on a grid (ggml blocks, int8, FP8, packed integers), not as floats.</summary>
    public bool IsRounded => MainType is not (TensorType.F32 or TensorType.F16 or TensorType.BF16);

    /// <summary>Stored in fewer bits than its parent: ggml quantisation, int8, or bfloat16 from a wider float.</summary>
    public bool IsQuantizedFrom(PreparedModel parent) =>
        IsRounded
        || (MainType == TensorType.BF16 && parent.MainType is TensorType.F32 or TensorType.F16);
}
