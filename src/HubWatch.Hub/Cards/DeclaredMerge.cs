namespace HubWatch.Hub.Cards;

/// <summary>A merge as its mergekit config declares it.</summary>
public sealed record DeclaredMerge
{
    /// <summary><c>merge_method</c> in lower case (see <see cref="MergekitConfig.KnownMethods"/>).</summary>
    public string? Method { get; init; }

    public string? BaseModel { get; init; }

    /// <summary>
    /// Distinct models named under <c>models:</c> and <c>slices: - sources:</c>, in order of first appearance; the
    /// base only when it is listed there too. Names are as written: hub ids or local paths
    /// (<see cref="ModelReference.IsLocalPath"/>).
    /// </summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    public string? Dtype { get; init; }

    /// <summary>
    /// Per-model <c>parameters.weight</c> for models that declare one: the number when it is a plain number, null when
    /// it is a gradient list, a list of filtered values, or differs between a model's appearances.
    /// </summary>
    public IReadOnlyDictionary<string, double?> Weights { get; init; } = new Dictionary<string, double?>();

    /// <summary>Per-model <c>parameters.density</c>, read as <see cref="Weights"/> is.</summary>
    public IReadOnlyDictionary<string, double?> Densities { get; init; } = new Dictionary<string, double?>();

    /// <summary>
    /// One line saying why the config could not be read, or that it names no <c>merge_method</c> (the other fields
    /// are then still filled); null when it could.
    /// </summary>
    public string? Error { get; init; }
}
