namespace HubWatch.Domain.Lineage;

/// <summary>
/// How a model relates to the models it comes from: one per verdict. The same words as the Hub's
/// <c>base_model_relation</c> (adapter, merge, finetune, quantized), plus HubWatch's own.
/// </summary>
public static class Relations
{
    public const string Independent = "independent";
    public const string Finetune = "finetune";
    public const string Merge = "merge";
    public const string Quantized = "quantized";
    public const string Copy = "copy";
    public const string Adapter = "adapter";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Independent, Finetune, Merge, Quantized, Copy, Adapter, Unknown];

    /// <summary>The relations a card can declare, as the Hub derives them from its <c>base_model:&lt;relation&gt;:</c> tags.</summary>
    public static readonly IReadOnlyList<string> Declarable = [Adapter, Merge, Finetune, Quantized];

    /// <summary>Relations that name a parent: everything but independent and unknown.</summary>
    public static bool IsDerived(string relation) => relation is not (Independent or Unknown);
}
