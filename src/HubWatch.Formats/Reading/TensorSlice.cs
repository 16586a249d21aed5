using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Reading;

/// <summary>Reads and decodes a run of elements of one tensor, fetching only the blocks that cover it.</summary>
public static class TensorSlice
{
    /// <param name="begin">Absolute offset of the tensor's first byte.</param>
    /// <param name="firstElement">Index (row-major, flattened) of the first value wanted.</param>
    public static async Task<float[]> ReadAsync(IByteSource source, long begin, TensorType type, long firstElement, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(begin);
        ArgumentOutOfRangeException.ThrowIfNegative(firstElement);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var blockSize = TensorCodec.BlockSize(type);

        // Quantised values only decode as whole blocks (they share a scale), so widen the range to block boundaries.
        var firstBlock = firstElement / blockSize;
        var blockCount = checked((firstElement + count + blockSize - 1) / blockSize - firstBlock);
        var elements = checked((int)(blockCount * blockSize));
        var bytes = new byte[checked((int)TensorCodec.ByteCount(type, elements))];
        var offset = checked(begin + (firstBlock * TensorCodec.BytesPerBlock(type)));
        await source.ReadExactlyAsync(offset, bytes, "tensor slice", ct).ConfigureAwait(false);

        var decoded = new float[elements];
        TensorCodec.Decode(type, bytes, decoded);
        var skip = (int)(firstElement - (firstBlock * blockSize));
        return decoded.AsSpan(skip, count).ToArray();
    }
}
