using System.Runtime.InteropServices;

namespace HubWatch.Formats.Tests;

/// <summary>The recorded files copied beside the test assembly (see each folder's MANIFEST.md).</summary>
internal static class TestFiles
{
    public static string Stories260K(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, "RealWeights", "stories260K", fileName);

    public static string GgmlReference(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, "GgmlReference", fileName);

    public static float[] ReadFloats(string path) => AsFloats(File.ReadAllBytes(path));

    /// <summary>Little-endian float32 bytes as floats (the test machines are little-endian, as are the files).</summary>
    public static float[] AsFloats(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
