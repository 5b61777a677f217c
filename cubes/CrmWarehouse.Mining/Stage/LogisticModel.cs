using MathNet.Numerics.LinearAlgebra;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// Logistic regression P(y = 1 | x) = 1 / (1 + e^−(b₀ + b·z)) on standardised features z = (x − mean)/σ, fitted by
/// Newton–Raphson (iteratively reweighted least squares) with a small ridge penalty so that a separable or constant
/// feature cannot send a weight to infinity.
/// </summary>
internal sealed class LogisticModel
{
    private const double Ridge = 1e-3;
    private const int MaxIterations = 50;

    private LogisticModel(double[] means, double[] scales, double[] weights)
    {
        Means = means;
        Scales = scales;
        Weights = weights;
    }

    public double[] Means { get; }

    public double[] Scales { get; }

    /// <summary>Intercept first, then one weight per standardised feature.</summary>
    public double[] Weights { get; }

    public static LogisticModel Fit(double[][] rows, bool[] labels, CancellationToken cancellationToken)
    {
        if (rows.Length == 0 || labels.All(l => l) || !labels.Any(l => l))
        {
            throw new ArgumentException($"The churn model needs both churners and stayers to learn from; the training sample has {rows.Length} customers, {labels.Count(l => l)} churners.");
        }

        var features = rows[0].Length;
        var means = new double[features];
        var scales = new double[features];
        for (var j = 0; j < features; j++)
        {
            var column = rows.Select(r => r[j]).ToArray();
            means[j] = column.Average();
            var sd = Math.Sqrt(column.Average(v => (v - means[j]) * (v - means[j])));
            scales[j] = sd > 0 ? sd : 1;
        }

        var x = Matrix<double>.Build.Dense(rows.Length, features + 1, (i, j) => j == 0 ? 1 : (rows[i][j - 1] - means[j - 1]) / scales[j - 1]);
        var y = Vector<double>.Build.Dense(rows.Length, i => labels[i] ? 1 : 0);
        var beta = Vector<double>.Build.Dense(features + 1);
        var penalty = Matrix<double>.Build.DenseDiagonal(features + 1, features + 1, j => j == 0 ? 0 : Ridge);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = (x * beta).Map(Sigmoid);
            var w = p.Map(v => Math.Max(v * (1 - v), 1e-10));
            var gradient = x.TransposeThisAndMultiply(y - p) - penalty * beta;
            var hessian = x.TransposeThisAndMultiply(x.PointwiseMultiply(Matrix<double>.Build.Dense(rows.Length, features + 1, (i, _) => w[i]))) + penalty;
            var step = hessian.Solve(gradient);
            beta += step;
            if (step.AbsoluteMaximum() < 1e-8)
            {
                break;
            }
        }

        return new LogisticModel(means, scales, [.. beta]);
    }

    public double Probability(double[] row)
    {
        var score = Weights[0];
        for (var j = 0; j < row.Length; j++)
        {
            score += Weights[j + 1] * (row[j] - Means[j]) / Scales[j];
        }

        return Sigmoid(score);
    }

    private static double Sigmoid(double t) => 1 / (1 + Math.Exp(-t));
}
