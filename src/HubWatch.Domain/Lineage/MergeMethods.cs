namespace HubWatch.Domain.Lineage;

/// <summary>
/// Merge method families a verdict names, by mergekit's names: dare_ties, dare_linear and DELLA's della / della_linear
/// (DARE with drop probabilities ranked by magnitude) are all <c>dare</c>; breadcrumbs and breadcrumbs_ties are
/// <c>breadcrumbs</c>.
/// </summary>
public static class MergeMethods
{
    public const string Linear = "linear";
    public const string Slerp = "slerp";
    public const string TaskArithmetic = "task_arithmetic";
    public const string Ties = "ties";
    public const string Dare = "dare";
    public const string Passthrough = "passthrough";
    public const string Breadcrumbs = "breadcrumbs";
    public const string ModelStock = "model_stock";
    public const string NuSlerp = "nuslerp";

    /// <summary>The family of a mergekit method name.</summary>
    public static string FamilyOf(string mergekitMethod) =>
        mergekitMethod.StartsWith("dare", StringComparison.Ordinal) || mergekitMethod.StartsWith("della", StringComparison.Ordinal) ? Dare
        : mergekitMethod.StartsWith("breadcrumbs", StringComparison.Ordinal) ? Breadcrumbs
        : mergekitMethod;
}
