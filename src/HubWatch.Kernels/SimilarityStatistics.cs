namespace HubWatch.Kernels;

/// <summary>
/// Turns similarities into evidence: z-scores under independence, normal tail p-values that stay meaningful far
/// into the tail (an exact copy of a 4,096-sample tensor has z ≈ 64), and the usual ways to combine and correct
/// many tests.
/// </summary>
public static class SimilarityStatistics
{
    private const double InverseSqrtPi = 0.56418958354775628695;

    // W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631–638;
    // coefficients as in Netlib SPECFUN CALERF. Relative error below 1e-15 over the whole range in double.
    private static readonly double[] A =
        [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03,
         1.85777706184603153e-1];

    private static readonly double[] B =
        [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];

    private static readonly double[] C =
        [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
         8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
         2.15311535474403846e-8];

    private static readonly double[] D =
        [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
         3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];

    private static readonly double[] P =
        [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
         6.58749161529837803e-4, 1.63153871373020978e-2];

    private static readonly double[] Q =
        [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
         2.33520497626869185e-3];

    /// <summary>
    /// r·√n: under independence the cosine of n i.i.d. zero-mean entries is ≈ N(0, 1/n), so this is ≈ N(0, 1).
    /// </summary>
    public static double ZScore(double r, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return r * Math.Sqrt(n);
    }

    /// <summary>
    /// P(Z ≥ z) for a standard normal Z, with full double relative accuracy (≈1e-15) down to the underflow limit
    /// (z ≈ 37.5, p ≈ 1e-308); below that use <see cref="LogNormalUpperTail"/>.
    /// </summary>
    public static double NormalUpperTail(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        return 0.5 * Erfc(z / Math.Sqrt(2));
    }

    /// <summary>
    /// ln P(Z ≥ z): finite for any finite z, so evidence beyond double's range (an exact copy of a large tensor)
    /// can still be ranked and combined.
    /// </summary>
    public static double LogNormalUpperTail(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        double x = z / Math.Sqrt(2);
        if (x <= 4.0)
        {
            return Math.Log(0.5 * Erfc(x));
        }

        // erfc(x) = exp(−x²)·S(x)/x, S from Cody's asymptotic-form fit; take its logarithm term by term.
        double y = 1.0 / (x * x);
        double s = InverseSqrtPi - (y * Rational(P, Q, y));
        return Math.Log(0.5) - (x * x) + Math.Log(s / x);
    }

    /// <summary>The complementary error function erfc(x) = 1 − erf(x) (Cody 1969; relative error &lt; 1e-15).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double y = Math.Abs(x);
        double result;
        if (y <= 0.46875)
        {
            // erf by a rational function of x²; erfc = 1 − erf loses nothing here (erfc ≥ 0.5).
            double ysq = y * y;
            double num = A[4] * ysq, den = ysq;
            for (int i = 0; i < 3; i++)
            {
                num = (num + A[i]) * ysq;
                den = (den + B[i]) * ysq;
            }

            return 1.0 - (x * (num + A[3]) / (den + B[3]));
        }

        if (y <= 4.0)
        {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }

            result = ScaledExp(y) * (num + C[7]) / (den + D[7]);
        }
        else if (y >= 26.6)
        {
            // exp(−x²) is below double's smallest subnormal here.
            result = 0.0;
        }
        else
        {
            // The asymptotic regime: erfc(x) = exp(−x²)/x · (1/√π − R(1/x²)/x²).
            double ysq = 1.0 / (y * y);
            result = ScaledExp(y) * (InverseSqrtPi - (ysq * Rational(P, Q, ysq))) / y;
        }

        return x < 0 ? 2.0 - result : result;
    }

    /// <summary>Stouffer's combined z: Σz/√k.</summary>
    public static double Stouffer(IEnumerable<double> z)
    {
        ArgumentNullException.ThrowIfNull(z);
        double sum = 0;
        int k = 0;
        foreach (double v in z)
        {
            sum += v;
            k++;
        }

        if (k == 0)
        {
            throw new ArgumentException("Stouffer needs at least one z-score.", nameof(z));
        }

        return sum / Math.Sqrt(k);
    }

    /// <summary>
    /// Fisher's combined p: X = −2Σ ln p has a chi-square law with 2k degrees of freedom under the null, whose
    /// upper tail for even degrees of freedom is exp(−X/2)·Σ_{i&lt;k} (X/2)^i / i!. Evaluated in log space so that
    /// many small p-values do not underflow before the answer does.
    /// </summary>
    public static double Fisher(IEnumerable<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double s = 0; // X/2 = −Σ ln p
        int k = 0;
        foreach (double v in p)
        {
            if (!(v >= 0 && v <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(p), v, "p-values must lie in [0, 1].");
            }

            s -= Math.Log(v);
            k++;
        }

        if (k == 0)
        {
            throw new ArgumentException("Fisher needs at least one p-value.", nameof(p));
        }

        if (double.IsPositiveInfinity(s))
        {
            return 0.0;
        }

        if (s == 0)
        {
            return 1.0;
        }

        // ln Σ_{i<k} s^i/i! by log-sum-exp over ln(s^i/i!) = i·ln s − ln i!.
        double lnS = Math.Log(s);
        double max = double.NegativeInfinity;
        double term = 0; // ln(s^i / i!)
        var terms = new double[k];
        for (int i = 0; i < k; i++)
        {
            if (i > 0)
            {
                term += lnS - Math.Log(i);
            }

            terms[i] = term;
            max = Math.Max(max, term);
        }

        double total = 0;
        foreach (double t in terms)
        {
            total += Math.Exp(t - max);
        }

        return Math.Min(1.0, Math.Exp(-s + max + Math.Log(total)));
    }

    /// <summary>
    /// Holm–Bonferroni adjusted p-values, in the input order: sorted ascending, p₍ᵢ₎ is multiplied by k−i+1
    /// (i from 1), capped at 1, and made non-decreasing along the sorted order.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int k = p.Count;
        var order = new int[k];
        for (int i = 0; i < k; i++)
        {
            if (!(p[i] >= 0 && p[i] <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(p), p[i], "p-values must lie in [0, 1].");
            }

            order[i] = i;
        }

        // Stable on ties (by index) so equal p-values get equal, reproducible adjustments.
        Array.Sort(order, (x, y) => p[x] != p[y] ? p[x].CompareTo(p[y]) : x.CompareTo(y));

        var adjusted = new double[k];
        double running = 0;
        for (int rank = 0; rank < k; rank++)
        {
            int index = order[rank];
            running = Math.Max(running, Math.Min(1.0, (k - rank) * p[index]));
            adjusted[index] = running;
        }

        return adjusted;
    }

    // exp(−y²) as exp(−y₀²)·exp(−(y−y₀)(y+y₀)) with y₀ = y rounded down to 1/16: y₀² is exact, so the large
    // exponent carries no rounding error (Cody's device; otherwise erfc(26) would lose ~13 bits).
    private static double ScaledExp(double y)
    {
        double y0 = Math.Floor(y * 16.0) / 16.0;
        double del = (y - y0) * (y + y0);
        return Math.Exp(-y0 * y0) * Math.Exp(-del);
    }

    private static double Rational(double[] p, double[] q, double t)
    {
        double num = p[5] * t, den = t;
        for (int i = 0; i < 4; i++)
        {
            num = (num + p[i]) * t;
            den = (den + q[i]) * t;
        }

        return (num + p[4]) / (den + q[4]);
    }
}
