using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match.Eval;

/// <summary>
/// The FEBRL benchmark files (synthetic Australian person records with known duplicates), streamed into DuckDB
/// through the appender. The files separate fields by ", " and leave a missing value as one space.
/// </summary>
internal static class FebrlDataset
{
    public const string Table = "febrl_records";

    private const int Fields = 11;

    /// <summary>dataset4a ↔ dataset4b (link-only, 5,000 true pairs) or dataset3 (dedupe, 6,538 true pairs).</summary>
    public static MatchMode Load(DuckDBConnection connection, string directory, int dataset, CancellationToken cancellationToken)
    {
        connection.Execute(MatchSql.Load("febrl_raw"), cancellationToken);
        MatchMode mode;
        using (var appender = connection.CreateAppender("febrl_raw"))
        {
            switch (dataset)
            {
                case 4:
                    Append(appender, Path.Combine(directory, "dataset4a.csv"), "a", cancellationToken);
                    Append(appender, Path.Combine(directory, "dataset4b.csv"), "b", cancellationToken);
                    mode = MatchMode.LinkOnly;
                    break;
                case 3:
                    Append(appender, Path.Combine(directory, "dataset3.csv"), "a", cancellationToken);
                    mode = MatchMode.Dedupe;
                    break;
                default:
                    throw new ArgumentException($"FEBRL dataset {dataset} is not one the evaluation knows: use 4 (4a ↔ 4b) or 3 (dedupe).");
            }
        }

        connection.Execute(MatchSql.Fill("febrl_records", ("records", Table)), cancellationToken);
        return mode;
    }

    private static void Append(DuckDBAppender appender, string path, string source, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"FEBRL file {path} is missing (see tests/datasets/README.md).", path);
        }

        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (number == 1 || line.Length == 0)
            {
                continue;
            }

            if (number % 1000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var fields = line.Split(',');
            if (fields.Length != Fields)
            {
                throw new FormatException($"{path} line {number}: {fields.Length} fields, FEBRL has {Fields}.");
            }

            var row = appender.CreateRow().AppendValue(fields[0].Trim()).AppendValue(source);
            for (var i = 1; i < Fields; i++)
            {
                var value = fields[i].Trim();
                row.AppendValue(value.Length == 0 ? null : value);
            }

            row.EndRow();
        }
    }
}
