using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Reading;

/// <summary>A tensor info as stored: ggml dims (innermost first) and an offset relative to the data section.</summary>
internal sealed record GgufRawTensor(string Name, long[] Ne, TensorType Type, ulong Offset);

/// <summary>Checks GGUF tensor infos: unique names, sizes that fit 64 bits, aligned non-overlapping data inside the file.</summary>
internal static class GgufLayoutValidator
{
    public static List<GgufTensorInfo> Validate(List<GgufRawTensor> raw, uint alignment, long dataStart, long? fileLength)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new List<GgufTensorInfo>(raw.Count);
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

            var bytes = ByteSize(tensor);
            if (tensor.Offset > (ulong)(long.MaxValue - dataStart - bytes))
            {
                throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" has offset {tensor.Offset}, beyond any possible file.");
            }

            var begin = dataStart + (long)tensor.Offset;
            var end = begin + bytes;
            if (fileLength is { } length && end > length)
            {
                throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" ends at byte {end}, past the end of the {length}-byte file.");
            }

            tensors.Add(new GgufTensorInfo(tensor.Name, [.. tensor.Ne.Reverse()], tensor.Type, begin, end));
        }

        var byBegin = tensors.OrderBy(t => t.Begin).ToList();
        for (var i = 1; i < byBegin.Count; i++)
        {
            if (byBegin[i].Begin < byBegin[i - 1].End)
            {
                throw new InvalidModelFileException($"Tensor \"{byBegin[i].Name}\" overlaps \"{byBegin[i - 1].Name}\".");
            }
        }

        return tensors;
    }

    private static long ByteSize(GgufRawTensor tensor)
    {
        var blockSize = TensorCodec.BlockSize(tensor.Type);
        if (tensor.Ne.Length > 0 && tensor.Ne[0] % blockSize != 0)
        {
            throw new InvalidModelFileException(
                $"Tensor \"{tensor.Name}\" is {tensor.Type} with rows of {tensor.Ne[0]} values, not a multiple of its block size {blockSize}.");
        }

        try
        {
            var elements = tensor.Ne.Aggregate(1L, (product, dim) => checked(product * dim));
            return TensorCodec.ByteCount(tensor.Type, elements);
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            throw new InvalidModelFileException($"Tensor \"{tensor.Name}\" has a shape whose size overflows 64 bits.");
        }
    }
}
