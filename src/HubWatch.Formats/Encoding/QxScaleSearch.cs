namespace HubWatch.Formats.Encoding;

/// <summary>
/// Port of ggml's make_qx_quants with rmse_type 1 and no importance weights (weights = x²), as
/// quantize_row_q6_K_ref calls it (ggml/src/ggml-quants.c, ggml-org/llama.cpp at
/// 01243c587feceaa5d6a6c2305535ef2f549c48b8): fits x ≈ scale·(L − nmax) with L in [0, 2·nmax − 1], trying 18
/// stretches of the grid around nmax and keeping the one with the best weighted least-squares fit.
/// </summary>
internal static class QxScaleSearch
{
    internal const float GroupMaxEps = 1e-15f;

    public static float Fit(int nmax, ReadOnlySpan<float> x, Span<byte> levels)
    {
        var n = x.Length;
        var max = LargestMagnitude(x);
        if (Math.Abs(max) < GroupMaxEps)
        {
            levels[..n].Clear();
            return 0f;
        }

        // A negative scale maps the largest-magnitude value onto −nmax, the level the signed range has spare.
        var iscale = -nmax / max;
        float sumLx = 0, sumL2 = 0;
        for (var i = 0; i < n; i++)
        {
            var l = Clamp(GgmlRounding.NearestInt(iscale * x[i]), nmax);
            levels[i] = (byte)(l + nmax);
            var w = x[i] * x[i];
            sumLx += w * x[i] * l;
            sumL2 += w * l * l;
        }

        var scale = sumL2 != 0 ? sumLx / sumL2 : 0f;
        var best = scale * sumLx;
        for (var step = -9; step <= 9; step++)
        {
            if (step == 0)
            {
                continue;
            }

            iscale = -(nmax + (0.1f * step)) / max;
            sumLx = sumL2 = 0;
            for (var i = 0; i < n; i++)
            {
                var l = Clamp(GgmlRounding.NearestInt(iscale * x[i]), nmax);
                var w = x[i] * x[i];
                sumLx += w * x[i] * l;
                sumL2 += w * l * l;
            }

            if (sumL2 > 0 && sumLx * sumLx > best * sumL2)
            {
                for (var i = 0; i < n; i++)
                {
                    levels[i] = (byte)(Clamp(GgmlRounding.NearestInt(iscale * x[i]), nmax) + nmax);
                }

                scale = sumLx / sumL2;
                best = scale * sumLx;
            }
        }

        return scale;
    }

    /// <summary>The value of largest magnitude (the first of equals), as ggml's make_qx_quants and make_q3_quants find it.</summary>
    internal static float LargestMagnitude(ReadOnlySpan<float> x)
    {
        float max = 0, amax = 0;
        foreach (var v in x)
        {
            if (MathF.Abs(v) > amax)
            {
                amax = MathF.Abs(v);
                max = v;
            }
        }
        return max;
    }

    private static int Clamp(int level, int nmax) => Math.Max(-nmax, Math.Min(nmax - 1, level));
}
