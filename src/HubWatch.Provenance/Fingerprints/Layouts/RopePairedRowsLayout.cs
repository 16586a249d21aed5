namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// An attention query or key matrix as llama.cpp's converter stores it for rotary embeddings of the GPT-J kind: within
/// each head, the rows of the first and second half are interleaved (convert_hf_to_gguf.py, LlamaModel.permute:
/// reshape(heads, 2, head_dim / 2, …).swapaxes(1, 2)). This layout presents the rows in the transformers checkpoint's
/// order, so a GGUF conversion compares with its source row for row: stored row h·d + 2i + j holds checkpoint row
/// h·d + j·d/2 + i. The values themselves are read by <paramref name="Rows"/>'s own layout.
/// </summary>
/// <param name="Heads">Heads of this matrix: the query heads for attn_q, the key-value heads for attn_k.</param>
public sealed record RopePairedRowsLayout(IWeightLayout Rows, int Heads) : IWeightLayout
{
    public bool ByColumns => false;

    public string Describe(StoredTensorInfo tensor) => Rows.Describe(tensor);

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window) =>
        Enumerable.Range(0, (int)window.Rows).SelectMany(r => Rows.Spans(tensor, StoredRow(tensor, window, r)));

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        for (var r = 0; r < window.Rows; r++)
            Rows.Decode(tensor, StoredRow(tensor, window, r), bytes, values.Slice((int)(r * window.Columns), (int)window.Columns));
    }

    /// <summary>Whether a matrix of this many rows splits into heads of an even size, as the permutation needs.</summary>
    public static bool Fits(long rows, int heads) => heads > 0 && rows % heads == 0 && rows / heads % 2 == 0;

    private TensorWindow StoredRow(StoredTensorInfo tensor, TensorWindow window, int r)
    {
        var headSize = tensor.Shape[0] / Heads;
        var row = window.Row + r;
        var (head, within) = (row / headSize, row % headSize);
        var (half, index) = (within / (headSize / 2), within % (headSize / 2));
        return new TensorWindow((head * headSize) + (2 * index) + half, 1, window.Column, window.Columns);
    }
}
