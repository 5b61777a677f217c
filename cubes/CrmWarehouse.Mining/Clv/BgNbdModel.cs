using static MathNet.Numerics.SpecialFunctions;

namespace CrmWarehouse.Mining.Clv;

/// <summary>
/// The BG/NBD model of Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way": while alive a
/// customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase they drop out with
/// probability p ~ Beta(a, b). Time is in the unit of the summaries (weeks for CDNOW).
/// </summary>
public sealed record BgNbdModel(double R, double Alpha, double A, double B)
{
    /// <summary>Fits (r, α, a, b) by maximum likelihood, starting from (1, 1, 1, 1) as lifetimes does.</summary>
    public static (BgNbdModel Model, double LogLikelihood) Fit(IReadOnlyList<CustomerHistory> customers, CancellationToken cancellationToken)
    {
        if (customers.Count == 0)
        {
            throw new ArgumentException("BG/NBD needs at least one customer.", nameof(customers));
        }

        var (p, ll) = LogParameterFit.Maximise(
            v => new BgNbdModel(v[0], v[1], v[2], v[3]).LogLikelihood(customers), [1.0, 1.0, 1.0, 1.0], cancellationToken);
        return (new BgNbdModel(p[0], p[1], p[2], p[3]), ll);
    }

    /// <summary>The sample log-likelihood, Σ ln L(r, α, a, b | x, t_x, T) (FHL 2005, eq. 6).</summary>
    public double LogLikelihood(IReadOnlyList<CustomerHistory> customers)
    {
        var sum = 0.0;
        foreach (var c in customers)
        {
            sum += LogLikelihood(c.Frequency, c.Recency, c.Age);
        }

        return sum;
    }

    public double LogLikelihood(int x, double tx, double t)
    {
        var a1 = GammaLn(R + x) - GammaLn(R) + R * Math.Log(Alpha);
        var a2 = GammaLn(A + B) + GammaLn(B + x) - GammaLn(B) - GammaLn(A + B + x);
        var a3 = -(R + x) * Math.Log(Alpha + t);
        if (x == 0)
        {
            return a1 + a2 + a3;
        }

        var a4 = Math.Log(A) - Math.Log(B + x - 1) - (R + x) * Math.Log(Alpha + tx);
        var max = Math.Max(a3, a4);
        return a1 + a2 + max + Math.Log(Math.Exp(a3 - max) + Math.Exp(a4 - max));
    }

    /// <summary>P(alive | x, t_x, T): the probability the customer has not yet dropped out.</summary>
    public double ProbabilityAlive(int x, double tx, double t) =>
        x == 0 ? 1.0 : 1.0 / (1.0 + A / (B + x - 1) * Math.Pow((Alpha + t) / (Alpha + tx), R + x));

    /// <summary>E[X(t)]: expected purchases of a new customer in (0, t] (FHL 2005, eq. 7).</summary>
    public double ExpectedPurchases(double t) =>
        (A + B - 1) / (A - 1) * (1 - Math.Pow(Alpha / (Alpha + t), R) * Hypergeometric.F21(R, B, A + B - 1, t / (Alpha + t)));

    /// <summary>E[Y(t) | x, t_x, T]: expected purchases in the next <paramref name="horizon"/> after T (FHL 2005, eq. 10).</summary>
    public double ExpectedPurchases(double horizon, int x, double tx, double t)
    {
        var hyper = Hypergeometric.F21(R + x, B + x, A + B + x - 1, horizon / (Alpha + t + horizon));
        var numerator = (A + B + x - 1) / (A - 1) * (1 - Math.Pow((Alpha + t) / (Alpha + t + horizon), R + x) * hyper);
        var denominator = x == 0 ? 1.0 : 1 + A / (B + x - 1) * Math.Pow((Alpha + t) / (Alpha + tx), R + x);
        return numerator / denominator;
    }
}
