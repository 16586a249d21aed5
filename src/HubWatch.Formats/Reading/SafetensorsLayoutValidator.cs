using HubWatch.Formats.Safetensors;

namespace HubWatch.Formats.Reading;

/// <summary>
/// The data-section rules of safetensors' <c>Metadata::validate</c>: known dtypes, sizes that match shape × dtype,
/// offsets that tile the data section from 0 with no gap, overlap or trailing bytes.
/// </summary>
internal static class SafetensorsLayoutValidator
{
    public static List<SafetensorsTensorInfo> Validate(List<SafetensorsRawEntry> entries, long headerLength, long? fileLength)
    {
        var dataStart = 8 + headerLength;
        foreach (var entry in entries)
        {
            CheckSize(entry);
        }

        // Sorted by offsets as the reference does: file order of the JSON keys carries no meaning.
        var byOffset = entries.OrderBy(e => e.Start).ThenBy(e => e.End).ToList();
        long expectedStart = 0;
        foreach (var entry in byOffset)
        {
            if (entry.Start != expectedStart)
            {
                var problem = entry.Start < expectedStart ? "overlaps the previous tensor" : "leaves a gap before it";
                throw new InvalidModelFileException(
                    $"Tensor \"{entry.Name}\" starts at data offset {entry.Start}, expected {expectedStart}: it {problem}.");
            }

            expectedStart = entry.End;
        }

        if (fileLength is { } length && dataStart + expectedStart != length)
        {
            var problem = dataStart + expectedStart > length ? "runs past the end of" : "leaves trailing bytes in";
            throw new InvalidModelFileException(
                $"Tensor data ends at byte {dataStart + expectedStart}, which {problem} the {length}-byte file.");
        }

        return entries.Select(e => new SafetensorsTensorInfo(e.Name, e.Dtype, e.Shape, dataStart + e.Start, dataStart + e.End)).ToList();
    }

    private static void CheckSize(SafetensorsRawEntry entry)
    {
        int elementSize;
        try
        {
            elementSize = SafetensorsDtypes.SizeOf(entry.Dtype);
        }
        catch (ArgumentException)
        {
            throw new InvalidModelFileException($"Tensor \"{entry.Name}\" has the unknown dtype \"{entry.Dtype}\".");
        }

        if (entry.End < entry.Start)
        {
            throw new InvalidModelFileException($"Tensor \"{entry.Name}\" ends (at {entry.End}) before it begins (at {entry.Start}).");
        }

        long bytes;
        try
        {
            bytes = checked(entry.Shape.Aggregate(1L, (product, dim) => product * dim) * elementSize);
        }
        catch (OverflowException)
        {
            throw new InvalidModelFileException($"Tensor \"{entry.Name}\" has a shape whose byte size overflows 64 bits.");
        }

        if (bytes != entry.End - entry.Start)
        {
            throw new InvalidModelFileException(
                $"Tensor \"{entry.Name}\" ({entry.Dtype} [{string.Join(", ", entry.Shape)}]) needs {bytes} bytes but its offsets span {entry.End - entry.Start}.");
        }
    }
}
