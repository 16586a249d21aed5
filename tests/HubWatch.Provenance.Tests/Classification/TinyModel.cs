using HubWatch.Formats.Encoding;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Tests.Classification;

/// <summary>
/// A small Llama-shaped model held whole, tensor by tensor, so a test can write its derivatives with the real math
/// (mergekit's formulas, ggml's rounding) and hand the classifier the fingerprint a sampler would have read: the first
/// <see cref="SamplingPlan.AnchorValues"/> values of each tensor as its anchor, sorted-value sketch and statistics of all.
/// </summary>
internal sealed record TinyModel(string Id, IReadOnlyDictionary<string, float[]> Tensors, TensorType Type = TensorType.F32)
{
    public const int Hidden = 64;
    public const int Vocab = 96;

    /// <summary>Parameters of tensors the sampler would have skipped (a format it does not read).</summary>
    public long UnreadParameters { get; init; }

    /// <summary>What the sampler called the file's format ("safetensors, GPTQ 4-bit, groups of 128" for a packed one).</summary>
    public string Format { get; init; } = "tiny";

    /// <summary>Layers of 4 attention and 2 MLP matrices, a norm gain; an embedding and a final norm around them.</summary>
    public static IReadOnlyList<(string Name, int Rows, int Columns)> Shapes(int layers) =>
    [
        ("model.embed_tokens.weight", Vocab, Hidden),
        .. Enumerable.Range(0, layers).SelectMany(Layer),
        ("model.norm.weight", 1, Hidden),
    ];

    private static IEnumerable<(string, int, int)> Layer(int i)
    {
        foreach (var role in new[] { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj" })
            yield return ($"model.layers.{i}.{role}.weight", Hidden, Hidden);
        yield return ($"model.layers.{i}.mlp.up_proj.weight", 2 * Hidden, Hidden);
        yield return ($"model.layers.{i}.mlp.down_proj.weight", Hidden, 2 * Hidden);
        yield return ($"model.layers.{i}.input_layernorm.weight", 1, Hidden);
    }

    /// <summary>Independently "trained" weights: Gaussian matrices of a trained model's scale, gains near 1.</summary>
    public static TinyModel Trained(string id, int seed, int layers = 2)
    {
        var random = new Random(seed);
        return new(id, Shapes(layers).ToDictionary(s => s.Name, s => s.Name.EndsWith("norm.weight", StringComparison.Ordinal)
            ? Values(s.Rows * s.Columns, () => 1 + 0.05 * Gaussian(random))
            : Values(s.Rows * s.Columns, () => 0.02 * Gaussian(random))));
    }

    /// <summary>Every tensor mapped value by value (in double, rounded once to float).</summary>
    public TinyModel Map(string id, Func<string, int, double, double> value) =>
        this with { Id = id, Tensors = Tensors.ToDictionary(t => t.Key, t => Values(t.Value.Length, i => value(t.Key, i, t.Value[i]))) };

    /// <summary>
    /// Every tensor stored in <paramref name="type"/>: encoded and decoded as a weight file would hold it — but for the
    /// norm gains, which llama.cpp's quantisers keep in F32.
    /// </summary>
    public TinyModel StoredAs(string id, TensorType type) => this with
    {
        Id = id,
        Type = type,
        Tensors = Tensors.ToDictionary(t => t.Key, t =>
        {
            var stored = TypeOf(t.Key, type);
            var bytes = new byte[TensorCodec.ByteCount(stored, t.Value.Length)];
            TensorCodec.Encode(stored, t.Value, bytes);
            var decoded = new float[t.Value.Length];
            TensorCodec.Decode(stored, bytes, decoded);
            return decoded;
        }),
    };

    private static TensorType TypeOf(string name, TensorType type) =>
        ShapeOf(name).Length == 1 && (type == TensorType.GroupedInt4 || TensorCodec.BlockSize(type) > 1) ? TensorType.F32 : type;

    public ClassifiableModel Input(DateTime createdAt, string? sameBytesAs = null) => new(Id, createdAt, Fingerprint(), sameBytesAs);

    public ModelFingerprint Fingerprint()
    {
        var shapes = Tensors.Keys.ToDictionary(name => name, ShapeOf);
        var tensors = Tensors.Select(t => new TensorFingerprint(t.Key, shapes[t.Key], TypeOf(t.Key, Type), 0,
            t.Value[..Math.Min(SamplingPlan.AnchorValues, t.Value.Length)], ValueSketch.Of(t.Value), TensorStatistics.Of(t.Value))).ToList();
        var layers = Tensors.Keys.Count(n => n.EndsWith("input_layernorm.weight", StringComparison.Ordinal));
        var signature = new ArchitectureSignature(tensors.Count, Tensors.Values.Sum(v => (long)v.Length), layers, Hidden, Vocab, new Dictionary<string, long>());
        return new ModelFingerprint(Format, signature, tensors, UnreadParameters > 0 ? ["matrices (a format HubWatch does not read)"] : [], UnreadParameters);
    }

    private static long[] ShapeOf(string name) => name.EndsWith("norm.weight", StringComparison.Ordinal) ? [Hidden]
        : name.Contains("up_proj", StringComparison.Ordinal) ? [2 * Hidden, Hidden]
        : name.Contains("down_proj", StringComparison.Ordinal) ? [Hidden, 2 * Hidden]
        : name.Contains("embed", StringComparison.Ordinal) ? [Vocab, Hidden]
        : [Hidden, Hidden];

    public static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static float[] Values(int count, Func<double> next) => Values(count, _ => next());

    private static float[] Values(int count, Func<int, double> value)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = (float)value(i);
        return values;
    }
}
