namespace HubWatch.DemoHub.Weights;

/// <summary>
/// Whole small tensors, least recently used first out, within a byte budget. Merges and fine-tunes read their
/// parents' tensors again and again; computing a base tensor once serves every derivative of it.
/// </summary>
internal sealed class TensorCache(long budgetBytes)
{
    public static readonly TensorCache Shared = new(256L << 20);

    private readonly Lock _gate = new();
    private readonly Dictionary<(long, string), LinkedListNode<((long, string) Key, float[] Values)>> _entries = [];
    private readonly LinkedList<((long, string) Key, float[] Values)> _recency = new();
    private long _bytes;

    public float[] GetOrAdd(long owner, string tensor, Func<float[]> compute)
    {
        var key = (owner, tensor);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var hit))
            {
                _recency.Remove(hit);
                _recency.AddFirst(hit);
                return hit.Value.Values;
            }
        }
        var values = compute(); // outside the lock: computing may read other cached tensors
        lock (_gate)
        {
            if (_entries.ContainsKey(key))
                return values;
            _entries[key] = _recency.AddFirst((key, values));
            _bytes += values.Length * sizeof(float);
            while (_bytes > budgetBytes && _recency.Last is { } oldest && oldest != _recency.First)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Values.Length * sizeof(float);
            }
        }
        return values;
    }
}
