namespace CrmWarehouse.Mining.Clv;

/// <summary>The Gaussian hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z &lt; 1, by its power series.</summary>
internal static class Hypergeometric
{
    private const int MaxTerms = 100_000;
    private const double RelativeTolerance = 1e-14;

    public static double F21(double a, double b, double c, double z)
    {
        if (z < 0 || z >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "The series form needs 0 <= z < 1.");
        }

        var term = 1.0;
        var sum = 1.0;
        for (var n = 0; n < MaxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.Abs(term) < RelativeTolerance * Math.Abs(sum))
            {
                return sum;
            }
        }

        throw new InvalidOperationException($"2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms.");
    }
}
