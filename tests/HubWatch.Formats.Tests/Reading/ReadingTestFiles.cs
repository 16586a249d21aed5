namespace HubWatch.Formats.Tests.Reading;

/// <summary>Paths of the real files the reader tests use (see RealWeights/MANIFEST.md).</summary>
internal static class ReadingTestFiles
{
    public const string StoriesF32Safetensors = "stories260K/stories260K.f32.safetensors";
    public const string StoriesBf16Safetensors = "stories260K/stories260K.bf16.safetensors";
    public const string StoriesF32Gguf = "stories260K/stories260K.f32.gguf";
    public const string StoriesQ8Gguf = "stories260K/stories260K.q8_0.gguf";
    public const string RnnoiseInt8Safetensors = "rnnoise/beguiling-drafter.rnnn-int8.safetensors";
    public const string CorruptGguf = "gguf-corrupt/ggml-vocab-bert-bge.gguf";

    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "RealWeights", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));
}
