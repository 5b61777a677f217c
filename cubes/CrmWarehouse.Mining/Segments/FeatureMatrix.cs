using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Mining.Segments;

/// <summary>Numeric features of each customer (row-major), with the column names.</summary>
public sealed record FeatureMatrix(IReadOnlyList<string> Columns, double[][] Rows)
{
    public static FeatureMatrix Read(string path, IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            throw new MiningInputException("Name at least one feature column.");
        }

        using var file = TabularFile.Open(path, hasHeader: true);
        var indexes = columns.Select(file.Column).ToArray();
        var rows = new List<double[]>();
        while (file.Read())
        {
            rows.Add(Array.ConvertAll(indexes, file.Number));
        }

        return new FeatureMatrix(columns, [.. rows]);
    }

    /// <summary>z-scores per column, (x − mean) / population standard deviation; a constant column becomes 0.</summary>
    public FeatureMatrix Standardised()
    {
        var means = new double[Columns.Count];
        var deviations = new double[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            var mean = 0.0;
            foreach (var row in Rows)
            {
                mean += row[c];
            }

            mean /= Rows.Length;
            var variance = 0.0;
            foreach (var row in Rows)
            {
                variance += (row[c] - mean) * (row[c] - mean);
            }

            means[c] = mean;
            deviations[c] = Math.Sqrt(variance / Rows.Length);
        }

        var scaled = Array.ConvertAll(Rows, row =>
        {
            var z = new double[row.Length];
            for (var c = 0; c < row.Length; c++)
            {
                z[c] = deviations[c] > 0 ? (row[c] - means[c]) / deviations[c] : 0.0;
            }

            return z;
        });
        return this with { Rows = scaled };
    }

    internal static double SquaredDistance(double[] x, double[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = x[i] - y[i];
            sum += d * d;
        }

        return sum;
    }
}
