using System.Runtime.InteropServices;
using System.Security.Cryptography;
using HubWatch.DemoHub.Weights;
using HubWatch.Formats.Encoding;

namespace HubWatch.DemoHub.Files;

/// <summary>
/// A weight file that exists only as a layout and a recipe: any byte range is computed when read, so a 141 GB
/// model costs nothing on disk and a Range request costs the bytes it asks for.
/// </summary>
public sealed class VirtualWeightFile(WeightFileLayout layout, ModelWeights weights)
{
    /// <summary>Bytes computed per step when streaming; bounds memory whatever the range.</summary>
    public const int ChunkBytes = 1 << 20;

    public long Length => layout.Length;

    /// <summary>Fills <paramref name="buffer"/> with the file's bytes from <paramref name="position"/> (within the file).</summary>
    public void Read(long position, Span<byte> buffer)
    {
        var end = position + buffer.Length;
        if (position < 0 || end > Length)
            throw new ArgumentOutOfRangeException(nameof(position), $"[{position}, {end}) is outside a file of {Length} bytes");
        buffer.Clear(); // alignment padding between GGUF tensors is zeros

        var prefix = layout.Prefix.Span;
        if (position < prefix.Length)
            prefix[(int)position..(int)Math.Min(prefix.Length, end)].CopyTo(buffer);

        foreach (var (tensor, begin, stop) in Overlapping(position, end))
        {
            var from = Math.Max(position, begin);
            var to = Math.Min(end, stop);
            ReadTensorBytes(tensor, from - begin, to - begin, buffer[(int)(from - position)..(int)(to - position)]);
        }
    }

    public async Task CopyToAsync(Stream output, long position, long count, CancellationToken ct)
    {
        var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(1, count))];
        for (var done = 0L; done < count;)
        {
            var step = (int)Math.Min(buffer.Length, count - done);
            Read(position + done, buffer.AsSpan(0, step));
            await output.WriteAsync(buffer.AsMemory(0, step), ct);
            done += step;
        }
    }

    /// <summary>The SHA-256 of the whole file, as the Hub's LFS pointer gives it. Reads every byte once.</summary>
    public byte[] Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4 * ChunkBytes];
        for (var position = 0L; position < Length; position += buffer.Length)
        {
            var step = (int)Math.Min(buffer.Length, Length - position);
            Read(position, buffer.AsSpan(0, step));
            hash.AppendData(buffer, 0, step);
        }
        return hash.GetHashAndReset();
    }

    private IEnumerable<(StoredTensor Tensor, long Begin, long End)> Overlapping(long position, long end)
    {
        var tensors = layout.Tensors;
        // tensors are in file order: find the first that ends after position
        int low = 0, high = tensors.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (tensors[mid].End <= position)
                low = mid + 1;
            else
                high = mid;
        }
        for (var i = low; i < tensors.Count && tensors[i].Begin < end; i++)
            yield return tensors[i];
    }

    /// <summary>Bytes [from, to) of one tensor's encoding: whole blocks are computed and the asked bytes kept.</summary>
    private void ReadTensorBytes(StoredTensor tensor, long from, long to, Span<byte> destination)
    {
        if (tensor.Type == TensorType.I32)
        {
            ReadWords(tensor, from, to, destination);
            return;
        }
        var blockElements = TensorCodec.BlockSize(tensor.Type);
        var blockBytes = TensorCodec.BytesPerBlock(tensor.Type);
        var blocksPerChunk = Math.Max(1, ChunkBytes / blockBytes);
        var firstBlock = from / blockBytes;
        var lastBlock = (to + blockBytes - 1) / blockBytes;
        var values = new float[Math.Min(lastBlock - firstBlock, blocksPerChunk) * blockElements];
        var bytes = new byte[values.Length / blockElements * blockBytes];

        for (var block = firstBlock; block < lastBlock; block += blocksPerChunk)
        {
            var blocks = (int)Math.Min(blocksPerChunk, lastBlock - block);
            var count = blocks * blockElements;
            StoredValuesReader.Read(tensor, weights, block * blockElements, values.AsSpan(0, count));
            TensorCodec.Encode(tensor.Type, values.AsSpan(0, count), bytes.AsSpan(0, blocks * blockBytes));

            var chunkStart = block * blockBytes;
            var keepFrom = Math.Max(from, chunkStart);
            var keepTo = Math.Min(to, chunkStart + blocks * blockBytes);
            bytes.AsSpan((int)(keepFrom - chunkStart), (int)(keepTo - keepFrom)).CopyTo(destination[(int)(keepFrom - from)..]);
        }
    }

    /// <summary>Packed words are computed as words: a float cannot hold 32 bits of codes.</summary>
    private void ReadWords(StoredTensor tensor, long from, long to, Span<byte> destination)
    {
        var (first, end) = (from / 4, (to + 3) / 4);
        var words = new uint[end - first];
        GroupQuant.ReadWords(tensor, weights, first, words);
        MemoryMarshal.AsBytes(words.AsSpan()).Slice((int)(from - (first * 4)), (int)(to - from)).CopyTo(destination);
    }
}
