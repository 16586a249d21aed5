using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Gguf;

/// <summary>A tensor to lay out. <paramref name="Shape"/> is row-major, outermost first, as PyTorch prints it;
/// the file stores it reversed (ggml's ne[0] is the innermost dimension).</summary>
public sealed record GgufTensor(string Name, long[] Shape, TensorType Type);
