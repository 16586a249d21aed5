namespace HubWatch.Hub.Http;

/// <summary>One kind's budget as it stands: <paramref name="Used"/> of <paramref name="Limit"/> until <paramref name="EndsAt"/>.</summary>
public readonly record struct HubBudgetWindow(int Limit, int Used, DateTimeOffset EndsAt)
{
    public int Remaining => Math.Max(0, Limit - Used);
}
