using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace CrmWarehouse.Mining.Clv;

/// <summary>
/// Maximum likelihood for models whose parameters are all positive: Nelder–Mead (MathNet.Numerics) on the
/// logarithms of the parameters, restarted from its own optimum until the log-likelihood stops improving,
/// because a single simplex run can stall short of the optimum on flat likelihoods.
/// </summary>
internal static class LogParameterFit
{
    private const double Tolerance = 1e-10;
    private const int MaxIterationsPerRun = 20_000;
    private const int MaxRestarts = 6;

    /// <returns>The fitted parameters and the maximised log-likelihood.</returns>
    public static (double[] Parameters, double LogLikelihood) Maximise(
        Func<double[], double> logLikelihood, double[] start, CancellationToken cancellationToken)
    {
        double Objective(Vector<double> logs)
        {
            var value = logLikelihood(logs.Select(l => Math.Exp(l)).ToArray());
            // Nelder–Mead copes with an infinite wall better than with NaN.
            return double.IsFinite(value) ? -value : double.MaxValue;
        }

        var point = Vector<double>.Build.DenseOfEnumerable(start.Select(s => Math.Log(s)));
        var best = Objective(point);
        for (var run = 0; run < MaxRestarts; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            MinimizationResult result;
            try
            {
                result = NelderMeadSimplex.Minimum(ObjectiveFunction.Value(Objective), point, Tolerance, MaxIterationsPerRun);
            }
            catch (MaximumIterationsException e)
            {
                throw new ModelFitException(
                    $"Maximum likelihood did not converge in {MaxIterationsPerRun} Nelder-Mead iterations (last point {string.Join(", ", point.Select(l => Math.Exp(l).ToString("G4", CultureInfo.InvariantCulture)))}).", e);
            }

            var improvement = best - result.FunctionInfoAtMinimum.Value;
            point = result.MinimizingPoint;
            best = result.FunctionInfoAtMinimum.Value;
            if (improvement < Tolerance)
            {
                break;
            }
        }

        return (point.Select(l => Math.Exp(l)).ToArray(), -best);
    }
}
