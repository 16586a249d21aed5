namespace HubWatch.DemoHub.Models;

/// <summary>What a tensor does in a decoder; it decides the statistics of trained values and what merges touch.</summary>
public enum TensorRole
{
    Embedding,
    LmHead,
    AttentionQ,
    AttentionK,
    AttentionV,
    AttentionO,
    AttentionBias,
    MlpGate,
    MlpUp,
    MlpDown,
    Router,
    Norm,
    FinalNorm,

    /// <summary>A fixed buffer saved with the weights (older Llama checkpoints' rotary <c>inv_freq</c>): the same in every model, never trained.</summary>
    Buffer,
}
