using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;

namespace HubWatch.Formats.Reading;

/// <summary>A tensor info as stored: ggml dims (innermost first), the type (null when HubWatch does not decode it) and an offset relative to the data section.</summary>
internal sealed record GgufRawTensor(string Name, long[] Ne, TensorType? Type, uint TypeId, ulong Offset);

/// <summary>Checks GGUF tensor infos: unique names, sizes that fit 64 bits, aligned non-overlapping data inside the file.</summary>
internal static class GgufLayoutValidator
{
    /// <summary>Bytes per element of the ggml types GGUF may hold that are not weights HubWatch decodes.</summary>
    private static readonly Dictionary<uint, int> UndecodedSizes = new() { [25] = 2, [26] = 4, [27] = 8, [28] = 8 };

    public static (List<GgufTensorInfo> Tensors, List<GgufUnreadTensor> Unread) Validate(List<GgufRawTensor> raw, uint alignment, long dataStart, long? fileLength)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new List<GgufTensorInfo>(raw.Count);
        var unread = new List<GgufUnreadTensor>();
        var extents = new List<(string Name, long Begin, long End)>(raw.Count);
        foreach (var tensor in raw)
        {
            if (!names.Add(tensor.Name))
            {
                throw new InvalidModelFileException($"Tensor name \"{tensor.Name}\" appears twice.");
            }

            if (tensor.Offset % alignment != 0)
            {
                throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" has offset {tensor.Offset}, not a multiple of the alignment {alignment}.");
            }

            // a type of unknown size still has a place: it must start inside the file and outside every other tensor
            var bytes = ByteSize(tensor) ?? 0;
            if (tensor.Offset > (ulong)(long.MaxValue - dataStart - bytes))
            {
                throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" has offset {tensor.Offset}, beyond any possible file.");
            }

            var begin = dataStart + (long)tensor.Offset;
            var end = begin + bytes;
            if (fileLength is { } length && (end > length || begin > length))
            {
                throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" ends at byte {end}, past the end of the {length}-byte file.");
            }

            extents.Add((tensor.Name, begin, end));
            long[] shape = [.. tensor.Ne.Reverse()];
            if (tensor.Type is { } type)
                tensors.Add(new GgufTensorInfo(tensor.Name, shape, type, begin, end));
            else
                unread.Add(new GgufUnreadTensor(tensor.Name, shape, GgmlTypeIds.NameOf(tensor.TypeId), begin));
        }

        var byBegin = extents.OrderBy(t => t.Begin).ThenBy(t => t.End).ToList();
        for (var i = 1; i < byBegin.Count; i++)
        {
            if (byBegin[i].Begin < byBegin[i - 1].End)
            {
                throw new InvalidModelFileException($"Tensor \"{byBegin[i].Name}\" overlaps \"{byBegin[i - 1].Name}\".");
            }
        }

        return (tensors, unread);
    }

    /// <summary>Bytes of the tensor's data, or null for a type id whose size HubWatch cannot know.</summary>
    private static long? ByteSize(GgufRawTensor tensor)
    {
        long elements;
        try
        {
            elements = tensor.Ne.Aggregate(1L, (product, dim) => checked(product * dim));
        }
        catch (OverflowException)
        {
            throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" has a shape whose size overflows 64 bits.");
        }

        if (tensor.Type is not { } type)
        {
            return UndecodedSizes.TryGetValue(tensor.TypeId, out var size) ? CheckedBytes(tensor, () => checked(elements * size)) : null;
        }

        var blockSize = TensorCodec.BlockSize(type);
        if (tensor.Ne.Length > 0 && tensor.Ne[0] % blockSize != 0)
        {
            throw new InvalidModelFileException(
                $"Tensor \"{tensor.Name}\" is {type} with rows of {tensor.Ne[0]} values, not a multiple of its block size {blockSize}.");
        }

        return CheckedBytes(tensor, () => TensorCodec.ByteCount(type, elements));
    }

    private static long CheckedBytes(GgufRawTensor tensor, Func<long> bytes)
    {
        try
        {
            return bytes();
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" has a shape whose size overflows 64 bits.");
        }
    }
}
