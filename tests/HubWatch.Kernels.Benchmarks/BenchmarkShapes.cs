using System.Numerics.Tensors;

namespace HubWatch.Kernels.Benchmarks;

/// <summary>The production-like shapes: a 32,768-float fingerprint of 64 tensors (512 samples each).</summary>
internal static class BenchmarkShapes
{
    public const int Dimension = 32_768;
    public const int SegmentCount = 64;

    public static int[] Segments()
    {
        var bounds = new int[SegmentCount + 1];
        for (int t = 0; t <= SegmentCount; t++)
        {
            bounds[t] = t * (Dimension / SegmentCount);
        }

        return bounds;
    }

    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)(random.NextDouble() - 0.5);
        }

        return data;
    }

    /// <summary>Sum of the stored data over all cores: what memory bandwidth allows when nothing is computed.</summary>
    public static float ParallelSum(float[] data, int chunks)
    {
        var partial = new float[chunks];
        int chunk = (data.Length + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunk;
            int length = Math.Min(chunk, data.Length - start);
            partial[c] = length > 0 ? TensorPrimitives.Sum(data.AsSpan(start, length)) : 0;
        });
        return TensorPrimitives.Sum(partial);
    }
}
