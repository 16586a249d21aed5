namespace HubWatch.Kernels;

/// <summary>
/// Batched similarity kernels. A fingerprint is a float vector of length D: tensor samples concatenated;
/// <c>segments</c> holds T+1 ascending bounds (0 … D) delimiting the T tensors.
/// </summary>
/// <remarks>
/// Implementations are thread-safe: one instance is shared by the whole process (see <see cref="KernelHost"/>).
/// </remarks>
public interface ISimilarityKernels
{
    /// <summary>"cpu-simd", "ilgpu-cpu" or "ilgpu-cuda".</summary>
    string Name { get; }

    /// <summary>
    /// For each of <paramref name="count"/> stored fingerprints (<paramref name="stored"/> is count×D row-major) and
    /// each segment t: cosine and centred (Pearson) correlation of query[seg t] with stored_i[seg t]. Outputs are
    /// row-major [count × T]. Zero norm on either side (after centring for the correlation) → 0.
    /// </summary>
    void Compare(
        ReadOnlySpan<float> query,
        ReadOnlySpan<float> stored,
        int count,
        ReadOnlySpan<int> segments,
        Span<float> cosine,
        Span<float> correlation);

    /// <summary>All-pairs row cosines: a is n×d, b is m×d (row-major) → result n×m; a zero row gives 0.</summary>
    void RowCosines(ReadOnlySpan<float> a, int n, ReadOnlySpan<float> b, int m, int d, Span<float> result);
}
