namespace CrmWarehouse.Cubes.Model;

internal static partial class CubeLoader
{
    private static List<Measure> ValidateMeasures(List<MeasureFile> raw, HashSet<string> aliases, string file)
    {
        var names = raw.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var measures = new List<Measure>();
        foreach (var (measure, i) in raw.Select((m, i) => (m, i)))
        {
            var name = Identifier(measure.Name, file, $"measures[{i}].name");
            var field = $"measures[{i}] '{name}'";
            if (measures.Any(m => m.Name == name))
            {
                throw new CubeModelException($"{file}: {field} is declared twice.");
            }

            if (measure.Kind is null || !Kinds.TryGetValue(measure.Kind, out var kind))
            {
                throw new CubeModelException($"{file}: {field}: kind '{measure.Kind}' is not one of {string.Join(", ", Kinds.Keys)}.");
            }

            var expression = kind switch
            {
                MeasureKind.Sum or MeasureKind.CountDistinct or MeasureKind.Average or MeasureKind.Sql => Required(measure.Expression, file, $"{field}.expression"),
                _ => measure.Expression,
            };
            string? Base(string? reference, string role)
            {
                if (reference is null)
                {
                    return null;
                }

                var target = raw.FirstOrDefault(m => m.Name == reference);
                if (target is null || !names.Contains(reference) || target.Kind is "ratio" or "share")
                {
                    throw new CubeModelException($"{file}: {field}: {role} '{reference}' is not a sum, count, distinct count, average or sql measure of this cube.");
                }

                return reference;
            }

            var numerator = Base(measure.Numerator, "numerator");
            var denominator = Base(measure.Denominator, "denominator");
            var of = Base(measure.Of, "of");
            if (of is not null && raw.First(m => m.Name == of).Kind is not ("sum" or "count"))
            {
                // A share adds the measure up over the rows; that means something for sums and counts only.
                throw new CubeModelException($"{file}: {field}: of '{of}' must be a sum or count measure.");
            }

            if ((kind == MeasureKind.Ratio && (numerator is null || denominator is null)) || (kind == MeasureKind.Share && of is null))
            {
                throw new CubeModelException($"{file}: {field}: a ratio needs numerator and denominator, a share needs of.");
            }

            var time = measure.Time switch
            {
                null or "sum" => TimeAggregation.Sum,
                "last" => TimeAggregation.Last,
                "first" => TimeAggregation.First,
                "average" => TimeAggregation.Average,
                _ => throw new CubeModelException($"{file}: {field}: time '{measure.Time}' is not sum, last, first or average."),
            };
            if (time != TimeAggregation.Sum && kind is MeasureKind.Ratio or MeasureKind.Share)
            {
                // A ratio or share follows its parts over time.
                throw new CubeModelException($"{file}: {field}: time belongs on the measures a {measure.Kind} divides, not on the {measure.Kind}.");
            }

            measures.Add(new Measure(name, kind, expression, numerator, denominator, of,
                expression is null ? [] : Uses(expression, aliases, file, $"{field}.expression"), measure.Format, measure.Unit,
                Describe(measure.Description, file, $"{field}.description")) { Time = time });
        }

        return measures;
    }
}
