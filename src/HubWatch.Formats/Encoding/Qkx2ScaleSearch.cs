namespace HubWatch.Formats.Encoding;

/// <summary>
/// Port of ggml's make_qkx2_quants (ggml/src/ggml-quants.c, ggml-org/llama.cpp at
/// 01243c587feceaa5d6a6c2305535ef2f549c48b8): fits x ≈ scale·L − min with L in [0, nmax] by trying
/// <c>nstep + 1</c> grid stretches and keeping the weighted least-squares fit with the smallest error.
/// The float operations are kept in ggml's order so the chosen codes are the reference's codes.
/// </summary>
internal static class Qkx2ScaleSearch
{
    /// <returns>The scale; <paramref name="theMin"/> receives the (non-negative) offset subtracted on decode.</returns>
    public static float Fit(
        int nmax,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> weights,
        Span<byte> levels,
        out float theMin,
        Span<byte> scratchLevels,
        float rmin,
        float rdelta,
        int nstep,
        bool useMad)
    {
        var n = x.Length;
        var min = x[0];
        var max = x[0];
        var sumW = weights[0];
        var sumX = sumW * x[0];
        for (var i = 1; i < n; i++)
        {
            if (x[i] < min)
            {
                min = x[i];
            }

            if (x[i] > max)
            {
                max = x[i];
            }

            var w = weights[i];
            sumW += w;
            sumX += w * x[i];
        }

        // The offset only ever moves values up, so a block that is all positive keeps zero as its floor.
        if (min > 0)
        {
            min = 0;
        }

        if (max == min)
        {
            levels[..n].Clear();
            theMin = -min;
            return 0f;
        }

        var iscale = nmax / (max - min);
        var scale = 1 / iscale;
        var bestError = 0f;
        for (var i = 0; i < n; i++)
        {
            var l = GgmlRounding.NearestInt(iscale * (x[i] - min));
            levels[i] = (byte)Math.Max(0, Math.Min(nmax, l));
            var diff = (scale * levels[i]) + min - x[i];
            diff = useMad ? MathF.Abs(diff) : diff * diff;
            bestError += weights[i] * diff;
        }

        if (nstep < 1)
        {
            theMin = -min;
            return scale;
        }

        for (var step = 0; step <= nstep; step++)
        {
            iscale = (rmin + (rdelta * step) + nmax) / (max - min);
            float sumL = 0, sumL2 = 0, sumXl = 0;
            for (var i = 0; i < n; i++)
            {
                var l = Math.Max(0, Math.Min(nmax, GgmlRounding.NearestInt(iscale * (x[i] - min))));
                scratchLevels[i] = (byte)l;
                var w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXl += w * l * x[i];
            }

            var determinant = (sumW * sumL2) - (sumL * sumL);
            if (determinant > 0)
            {
                var thisScale = ((sumW * sumXl) - (sumX * sumL)) / determinant;
                var thisMin = ((sumL2 * sumX) - (sumL * sumXl)) / determinant;
                if (thisMin > 0)
                {
                    thisMin = 0;
                    thisScale = sumXl / sumL2;
                }

                var currentError = 0f;
                for (var i = 0; i < n; i++)
                {
                    var diff = (thisScale * scratchLevels[i]) + thisMin - x[i];
                    diff = useMad ? MathF.Abs(diff) : diff * diff;
                    currentError += weights[i] * diff;
                }

                if (currentError < bestError)
                {
                    scratchLevels[..n].CopyTo(levels);
                    bestError = currentError;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }

        theMin = -min;
        return scale;
    }
}
