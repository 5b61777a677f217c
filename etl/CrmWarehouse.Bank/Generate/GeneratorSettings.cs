namespace CrmWarehouse.Bank.Generate;

/// <summary>The <c>Generator</c> section of appsettings.json; command-line options override it.</summary>
public sealed class GeneratorSettings
{
    /// <summary>Scale 1 = 100,000 people (~130k source customer records, ~250k accounts, ~5M transactions).</summary>
    public double Scale { get; set; } = 0.1;

    public int Seed { get; set; } = 20240601;

    /// <summary>Last day of generated history. Fixed, not "today", so that the same seed gives the same bank.</summary>
    public DateOnly AsOf { get; set; } = new(2026, 6, 30);

    public int Months { get; set; } = 24;

    public string OutDir { get; set; } = "data/sources";

    public string Targets { get; set; } = "postgres,mariadb,sqlite,csv";

    public DirtRates Dirt { get; set; } = new();

    public int PeopleCount => Math.Max(50, (int)Math.Round(100_000 * Scale));

    public DateOnly HistoryStart => new DateOnly(AsOf.Year, AsOf.Month, 1).AddMonths(-(Months - 1));
}

/// <summary>How often each kind of dirt appears. Rates are per source record (or per row where the name says so).</summary>
public sealed class DirtRates
{
    public double DuplicateInSystem { get; set; } = 0.02;
    public double NameTypo { get; set; } = 0.02;
    public double SwappedNameOrder { get; set; } = 0.01;
    public double MissingPhone { get; set; } = 0.05;
    public double MissingBirthDate { get; set; } = 0.05;
    public double InvalidIdCheckDigit { get; set; } = 0.01;
    public double FullWidthOrWhitespace { get; set; } = 0.02;
    public double TraditionalName { get; set; } = 0.08;
    public double LegacyIdNumber { get; set; } = 0.06;
    public double OrphanForeignKey { get; set; } = 0.005;
    public double ImpossibleAmount { get; set; } = 0.001;
    public double FutureDate { get; set; } = 0.001;
    public double RepeatedTransaction { get; set; } = 0.002;
    public double UnknownCode { get; set; } = 0.002;
}
