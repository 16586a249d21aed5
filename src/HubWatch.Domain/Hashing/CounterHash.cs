namespace HubWatch.Domain.Hashing;

/// <summary>
/// Stable 64-bit hashes addressed by (key, index): the same on every machine and in every run, unlike
/// <see cref="string.GetHashCode()"/>. Sampling positions and the demo hub's counter-based random values are built on it.
/// </summary>
public static class CounterHash
{
    /// <summary>SplitMix64's finaliser: a bijective 64-bit mix with good avalanche (Steele et al., 2014).</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Key(ulong seed, string name) => Mix(seed ^ Fnv1a(name));

    public static ulong Key(ulong seed, ulong salt) => Mix(seed ^ Mix(salt));

    public static ulong Hash(ulong key, long index) => Mix(key ^ ((ulong)index * 0xD1B54A32D192ED03UL));

    /// <summary>A value in [0, count) for (key, index); count must be positive.</summary>
    public static long Below(ulong key, long index, long count) => (long)(Hash(key, index) % (ulong)count);

    private static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }
}
