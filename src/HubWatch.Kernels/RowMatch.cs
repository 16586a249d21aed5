namespace HubWatch.Kernels;

/// <summary>
/// A one-to-one assignment of the rows of a (n rows) to the rows of b (m rows).
/// </summary>
/// <param name="MatchOfA">For each row of a, its row in b, or −1 when every row of b was already taken (n &gt; m).</param>
/// <param name="Similarity">For each row of a, the cosine of its matched pair; 0 when unmatched.</param>
/// <param name="MeanSimilarity">Mean of <paramref name="Similarity"/> over matched rows; 0 when none.</param>
/// <param name="Matched">How many rows of a were matched: min(n, m).</param>
public sealed record RowMatch(int[] MatchOfA, float[] Similarity, double MeanSimilarity, int Matched);
