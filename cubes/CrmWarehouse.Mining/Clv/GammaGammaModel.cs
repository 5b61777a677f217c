using static MathNet.Numerics.SpecialFunctions;

namespace CrmWarehouse.Mining.Clv;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"; Hardie's note 025): each
/// transaction's value is Gamma(p, ν) and the customer's ν is Gamma(q, γ) across customers, so the mean
/// spend z̄ of x repeat transactions identifies (p, q, γ). Only customers with x ≥ 1 carry information.
/// </summary>
public sealed record GammaGammaModel(double P, double Q, double V)
{
    public static (GammaGammaModel Model, double LogLikelihood) Fit(IReadOnlyList<CustomerHistory> customers, CancellationToken cancellationToken)
    {
        var repeaters = customers.Where(c => c.Frequency > 0).ToArray();
        if (repeaters.Length == 0)
        {
            throw new ArgumentException("Gamma-Gamma needs customers with at least one repeat purchase.", nameof(customers));
        }

        if (repeaters.FirstOrDefault(c => c.MeanRepeatValue <= 0) is { } zero)
        {
            throw new ArgumentException($"Gamma-Gamma needs positive spend; customer {zero.Customer} has mean repeat value {zero.MeanRepeatValue}.", nameof(customers));
        }

        var (p, ll) = LogParameterFit.Maximise(
            v => new GammaGammaModel(v[0], v[1], v[2]).LogLikelihood(repeaters), [1.0, 1.0, 1.0], cancellationToken);
        return (new GammaGammaModel(p[0], p[1], p[2]), ll);
    }

    /// <summary>Σ over repeat customers of ln f(z̄ | x; p, q, γ).</summary>
    public double LogLikelihood(IEnumerable<CustomerHistory> repeaters)
    {
        var sum = 0.0;
        foreach (var c in repeaters)
        {
            double x = c.Frequency;
            var m = c.MeanRepeatValue;
            sum += GammaLn(P * x + Q) - GammaLn(P * x) - GammaLn(Q) + Q * Math.Log(V)
                + (P * x - 1) * Math.Log(m) + P * x * Math.Log(x) - (P * x + Q) * Math.Log(x * m + V);
        }

        return sum;
    }

    /// <summary>E[Z | x, z̄] = p(γ + x z̄) / (p x + q − 1): the customer's expected spend per transaction.</summary>
    public double ExpectedSpend(int x, double meanRepeatValue) =>
        P * (V + x * meanRepeatValue) / (P * x + Q - 1);
}
