using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>What a time modifier does: look up one other period, add up a window of periods, or compare with one.</summary>
internal enum ModifierKind
{
    Prior,
    LastYear,
    YearToDate,
    QuarterToDate,
    MonthToDate,
    Rolling,
    Growth,
    GrowthLastYear,
}

/// <summary>
/// Time intelligence written <c>MEASURE:MODIFIER</c>: <c>prior</c> (the previous period at the query's grain),
/// <c>ly</c> (the same period last year), <c>ytd</c>, <c>qtd</c>, <c>mtd</c>, <c>rollingN</c> (the N months ending
/// with the period), <c>growth</c> and <c>growth_ly</c> (against prior and last year, as a ratio: 0.05 is +5%).
/// </summary>
internal sealed record TimeModifier(string Name, ModifierKind Kind, int Months = 0)
{
    /// <summary>Modifiers that add up a window of periods (the others read one period).</summary>
    public bool IsWindow => Kind is ModifierKind.YearToDate or ModifierKind.QuarterToDate or ModifierKind.MonthToDate or ModifierKind.Rolling;

    public bool IsGrowth => Kind is ModifierKind.Growth or ModifierKind.GrowthLastYear;

    public static TimeModifier Parse(string text) => text switch
    {
        "prior" => new(text, ModifierKind.Prior),
        "ly" => new(text, ModifierKind.LastYear),
        "ytd" => new(text, ModifierKind.YearToDate),
        "qtd" => new(text, ModifierKind.QuarterToDate),
        "mtd" => new(text, ModifierKind.MonthToDate),
        "growth" => new(text, ModifierKind.Growth),
        "growth_ly" => new(text, ModifierKind.GrowthLastYear),
        _ when text.StartsWith("rolling", StringComparison.Ordinal) && int.TryParse(text.AsSpan("rolling".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var months) && months is >= 1 and <= 120
            => new(text, ModifierKind.Rolling, months),
        _ => throw new CubeQueryException($"Unknown time modifier ':{text}'. Modifiers: prior, ly, ytd, qtd, mtd, rolling3, rolling12 (rollingN, N months), growth, growth_ly."),
    };

    /// <summary>Why this modifier cannot be asked at <paramref name="grain"/> of <paramref name="measure"/>, or null.</summary>
    public string? Refusal(Measure measure, TimeGrain grain)
    {
        if (Kind == ModifierKind.QuarterToDate && grain == TimeGrain.Year || Kind == ModifierKind.MonthToDate && grain is TimeGrain.Year or TimeGrain.Quarter)
        {
            return $"':{Name}' needs a date level finer than {grain.ToString().ToLowerInvariant()} in by.";
        }

        if (Kind == ModifierKind.Rolling && Months % Length(grain) != 0 && grain != TimeGrain.Day)
        {
            return $"':{Name}' spans {Months} months, which is not a whole number of {grain.ToString().ToLowerInvariant()}s.";
        }

        // A window adds up periods: right for sums and counts (and ratios of them) and for semi-additive measures, which
        // take their last/first/average period; a distinct count or an average of rows cannot be added up from periods.
        var additive = measure.Kind is MeasureKind.Sum or MeasureKind.Count or MeasureKind.Ratio || measure.IsSemiAdditive;
        return IsWindow && !additive
            ? $"'{measure.Name}:{Name}': a {measure.KindName} measure cannot be added up over a window of periods; prior, ly and growth work on it."
            : null;
    }

    /// <summary>Months in one period of the grain (a day counts as none: windows in days are measured in dates).</summary>
    public static int Length(TimeGrain grain) => grain switch
    {
        TimeGrain.Year => 12,
        TimeGrain.Quarter => 3,
        TimeGrain.Month => 1,
        _ => 1,
    };

    public Description Describe(Description of) => Kind switch
    {
        ModifierKind.Prior => new($"{of.Zh}（上期）", $"{of.En}, previous period"),
        ModifierKind.LastYear => new($"{of.Zh}（去年同期）", $"{of.En}, same period last year"),
        ModifierKind.YearToDate => new($"{of.Zh}（年初至今）", $"{of.En}, year to date"),
        ModifierKind.QuarterToDate => new($"{of.Zh}（季初至今）", $"{of.En}, quarter to date"),
        ModifierKind.MonthToDate => new($"{of.Zh}（月初至今）", $"{of.En}, month to date"),
        ModifierKind.Rolling => new($"{of.Zh}（近 {Months} 个月）", $"{of.En}, rolling {Months} months"),
        ModifierKind.Growth => new($"{of.Zh}（环比增长）", $"{of.En}, growth on the previous period"),
        _ => new($"{of.Zh}（同比增长）", $"{of.En}, growth on the same period last year"),
    };
}
