using System.Buffers.Binary;
using System.Text.Unicode;

namespace HubWatch.Formats.Reading;

/// <summary>
/// Reads a safetensors header in two reads (the 8-byte length, then the JSON) and enforces every rule of the
/// reference implementation (huggingface/safetensors, safetensors/src/tensor.rs, <c>validate</c>), so that a file
/// accepted here is one the reference library would load.
/// </summary>
public static class SafetensorsReader
{
    /// <summary>The reference's MAX_HEADER_SIZE.</summary>
    public const long MaxHeaderLength = 100_000_000;

    public static async Task<SafetensorsFile> ReadHeaderAsync(IByteSource source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var prefix = new byte[8];
        await source.ReadExactlyAsync(0, prefix, "8-byte header length", ct).ConfigureAwait(false);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidModelFileException($"Header length {headerLength} exceeds the safetensors limit of {MaxHeaderLength} bytes.");
        }

        // Checked before allocating, so a hostile length cannot make us reserve 100 MB for a 1 KB file.
        if (source.Length is { } fileLength && 8 + (long)headerLength > fileLength)
        {
            throw new InvalidModelFileException($"Header length {headerLength} runs past the end of the {fileLength}-byte file.");
        }

        var json = new byte[headerLength];
        await source.ReadExactlyAsync(8, json, "JSON header", ct).ConfigureAwait(false);
        if (!Utf8.IsValid(json))
        {
            throw new InvalidModelFileException("Header is not valid UTF-8.");
        }

        var (entries, metadata) = SafetensorsHeaderParser.Parse(json);
        var tensors = SafetensorsLayoutValidator.Validate(entries, (long)headerLength, source.Length);
        return new SafetensorsFile((long)headerLength, tensors, metadata);
    }
}
