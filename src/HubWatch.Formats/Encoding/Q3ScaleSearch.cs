namespace HubWatch.Formats.Encoding;

/// <summary>
/// Port of ggml's make_q3_quants with do_rmse (ggml/src/ggml-quants.c, ggml-org/ggml at
/// d99724f2b141fed9e1a9f402213506c081433465), as quantize_row_q3_K_ref calls it: fits x ≈ scale·(L − nmax) with L in
/// [0, 2·nmax − 1], then moves single codes while the x²-weighted least-squares fit improves (at most five passes).
/// </summary>
internal static class Q3ScaleSearch
{
    public static float Fit(int nmax, ReadOnlySpan<float> x, Span<sbyte> levels)
    {
        var n = x.Length;
        var max = QxScaleSearch.LargestMagnitude(x);
        if (Math.Abs(max) < QxScaleSearch.GroupMaxEps)
        {
            levels[..n].Clear();
            return 0f;
        }

        var iscale = -nmax / max;
        float sumLx = 0, sumL2 = 0;
        for (var i = 0; i < n; i++)
        {
            var l = Clamp(GgmlRounding.NearestInt(iscale * x[i]), nmax);
            levels[i] = (sbyte)l;
            var w = x[i] * x[i];
            sumLx += w * x[i] * l;
            sumL2 += w * l * l;
        }

        for (var pass = 0; pass < 5; pass++)
        {
            var changed = 0;
            for (var i = 0; i < n; i++)
            {
                var w = x[i] * x[i];
                var slx = sumLx - (w * x[i] * levels[i]);
                if (slx <= 0)
                {
                    continue;
                }

                var sl2 = sumL2 - (w * levels[i] * levels[i]);
                var newL = Clamp(GgmlRounding.NearestInt(x[i] * sl2 / slx), nmax);
                if (newL == levels[i])
                {
                    continue;
                }

                slx += w * x[i] * newL;
                sl2 += w * newL * newL;
                if (sl2 > 0 && slx * slx * sumL2 > sumLx * sumLx * sl2)
                {
                    levels[i] = (sbyte)newL;
                    sumLx = slx;
                    sumL2 = sl2;
                    changed++;
                }
            }

            if (changed == 0)
            {
                break;
            }
        }

        for (var i = 0; i < n; i++)
        {
            levels[i] += (sbyte)nmax;
        }

        return sumL2 > 0 ? sumLx / sumL2 : 0f;
    }

    private static int Clamp(int level, int nmax) => Math.Max(-nmax, Math.Min(nmax - 1, level));
}
