namespace HubWatch.Provenance.Fingerprints;

/// <summary>
/// The sorted values of a tensor at fixed quantiles (minimum and maximum included). Sorting forgets positions, so the
/// sketch survives permuted hidden units, transposition and renaming; when a tensor is read whole, a copy's sketch
/// equals its parent's up to rounding, while independent weights differ in the tails.
/// </summary>
public static class ValueSketch
{
    public const int Points = 32;

    public static float[] Of(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            return [];
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var sketch = new float[Points];
        for (var i = 0; i < Points; i++)
            sketch[i] = sorted[(int)Math.Round((double)i * (sorted.Length - 1) / (Points - 1))];
        return sketch;
    }
}
