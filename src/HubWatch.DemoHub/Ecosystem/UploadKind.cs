namespace HubWatch.DemoHub.Ecosystem;

/// <summary>What an upload of the demo hub is made as.</summary>
internal enum UploadKind
{
    Independent,
    FineTune,
    LoraMerged,
    ContinuedPretraining,
    Adapter,
    Merge,
    Quantized,
    ExactCopy,
    Reconversion,
    Obfuscated,
}
