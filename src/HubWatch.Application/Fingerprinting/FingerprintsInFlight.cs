using System.Collections.Concurrent;

namespace HubWatch.Application.Fingerprinting;

/// <summary>
/// Models being fingerprinted by one container's services (a singleton): never two fingerprints of one model at
/// once. Not static: two containers in one process (tests, a tool beside the dashboard) watch different databases.
/// </summary>
public sealed class FingerprintsInFlight
{
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);

    public bool TryStart(string modelId) => _ids.TryAdd(modelId, 0);

    public void Finish(string modelId) => _ids.TryRemove(modelId, out _);
}
