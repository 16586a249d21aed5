namespace HubWatch.Application.Models;

/// <summary>
/// The licence and architecture choices of the models table, counted at most once a minute: grouping every model
/// costs about a second at millions of rows, on each visit of the page, and the most common values barely move.
/// </summary>
public sealed class FacetCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset Until, IReadOnlyList<string> Licenses, IReadOnlyList<string> Architectures)? _current;

    public async Task<(IReadOnlyList<string> Licenses, IReadOnlyList<string> Architectures)> GetAsync(
        Func<CancellationToken, Task<(IReadOnlyList<string>, IReadOnlyList<string>)>> count, CancellationToken ct)
    {
        if (_current is { } fresh && fresh.Until > clock.GetUtcNow())
            return (fresh.Licenses, fresh.Architectures);
        await _gate.WaitAsync(ct); // one count at a time; visitors arriving meanwhile take its result
        try
        {
            if (_current is { } counted && counted.Until > clock.GetUtcNow())
                return (counted.Licenses, counted.Architectures);
            var (licenses, architectures) = await count(ct);
            _current = (clock.GetUtcNow() + Lifetime, licenses, architectures);
            return (licenses, architectures);
        }
        finally
        {
            _gate.Release();
        }
    }
}
