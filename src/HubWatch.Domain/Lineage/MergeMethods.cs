namespace HubWatch.Domain.Lineage;

/// <summary>Merge method families a verdict names (mergekit's names; dare_ties and dare_linear are both <c>dare</c>).</summary>
public static class MergeMethods
{
    public const string Linear = "linear";
    public const string Slerp = "slerp";
    public const string TaskArithmetic = "task_arithmetic";
    public const string Ties = "ties";
    public const string Dare = "dare";
    public const string Passthrough = "passthrough";
}
