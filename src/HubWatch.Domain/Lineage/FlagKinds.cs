namespace HubWatch.Domain.Lineage;

/// <summary>
/// The ways a card can contradict its weights: stored with each flagged verdict, filtered on in <c>/api/models?flag=</c>
/// and shown on the model page, so each is written here once.
/// </summary>
public static class FlagKinds
{
    public const string FalseIndependence = "false-independence";
    public const string UndeclaredDerivative = "undeclared-derivative";
    public const string WrongParent = "wrong-parent";
    public const string UndeclaredMerge = "undeclared-merge";
    public const string WrongRelation = "wrong-relation";
    public const string LicenseConflict = "licence-conflict";

    public static readonly IReadOnlyList<string> All = [FalseIndependence, UndeclaredDerivative, WrongParent, UndeclaredMerge, WrongRelation, LicenseConflict];
}
