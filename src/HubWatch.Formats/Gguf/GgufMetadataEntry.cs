namespace HubWatch.Formats.Gguf;

/// <summary>One key/value pair of a GGUF header; the file keeps them in the order given.</summary>
public sealed record GgufMetadataEntry(string Key, GgufValue Value);
