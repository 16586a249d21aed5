namespace HubWatch.Application.Evaluation;

/// <summary>
/// What a model's card declares about its origin, as far as the evaluation needs it: the monthly "undeclared
/// derivatives" series counts derived verdicts on models that name no base model.
/// </summary>
public sealed record DeclaredProvenance(IReadOnlyList<string> BaseModels)
{
    public static readonly DeclaredProvenance Nothing = new([]);

    public bool DeclaresBaseModel => BaseModels.Count > 0;
}
