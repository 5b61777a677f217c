using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Cli.Commands;

/// <summary>The options of the commands that read a transactions file: the file, its columns, and dates.</summary>
internal sealed class MineTransactionOptions
{
    private readonly Option<string> _input;
    private readonly Option<string?> _party;
    private readonly Option<string?> _date;
    private readonly Option<string?> _amount;

    public MineTransactionOptions(string party)
    {
        _input = new Option<string>("--input") { Description = $"Transactions file ({party}, date, amount); CDNOW's headerless layout is recognised. Without it: the warehouse." };
        _party = new Option<string?>($"--{party}") { Description = $"The {party} column: header name or 1-based number (default: {party})." };
        _date = new Option<string?>("--date") { Description = "Date column (default: date)." };
        _amount = new Option<string?>("--amount") { Description = "Amount column (default: amount)." };
        Party = party;
    }

    public string Party { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(_input);
        command.Options.Add(_party);
        command.Options.Add(_date);
        command.Options.Add(_amount);
    }

    public string Input(ParseResult parse) => parse.GetValue(_input)!;

    /// <summary>Without --input the command runs on the warehouse.</summary>
    public bool HasInput(ParseResult parse) => parse.GetValue(_input) is not null;

    public IEnumerable<Transaction> Read(ParseResult parse) =>
        TransactionFile.Read(Input(parse), parse.GetValue(_party), parse.GetValue(_date), parse.GetValue(_amount), Party);

    /// <summary>Reads the whole file; an empty one is an input error.</summary>
    public List<Transaction> ReadAll(ParseResult parse)
    {
        var transactions = Read(parse).ToList();
        return transactions.Count > 0 ? transactions : throw new MiningInputException($"{Input(parse)}: no transactions.");
    }

    public static DateOnly? ParseDate(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new MiningInputException($"{option} '{text}' is not a date (yyyy-MM-dd).");
}
