namespace HubWatch.Formats.Safetensors;

/// <summary>A tensor to lay out: dtype spelled as the format spells it ("F32", "BF16", "I8", …), shape row-major.</summary>
public sealed record SafetensorsTensor(string Name, string Dtype, long[] Shape);
