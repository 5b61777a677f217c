using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// The Spectre.Console every command writes its tables, trees and progress to. On a terminal: colours, the terminal's
/// width, a live spinner. Anywhere else (a pipe, a file, a test capturing the output): no escape codes, no colours,
/// no spinner, and a width no table reaches, so each row stays on one line for grep, cut, diff and a report file.
/// </summary>
internal static class CliConsole
{
    /// <summary>
    /// Characters per line when redirected. Spectre wraps cells to fit the console's width, and off a terminal it
    /// assumes 80 columns; our widest rows (tree rules, SQL results) are well under this. Nothing we print fills the
    /// whole width (no expanded tables, rules or panels), so the number costs nothing.
    /// </summary>
    internal const int RedirectedWidth = 32_767;

    /// <summary>Standard output: reports and results.</summary>
    public static IAnsiConsole Out => For(Console.Out);

    /// <summary>Standard error: progress, so that standard output stays the result alone.</summary>
    public static IAnsiConsole Error => For(Console.Error);

    public static IAnsiConsole For(TextWriter writer)
    {
        if (IsTerminal(writer))
        {
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>True only for the process's own standard output or error while it is a terminal.</summary>
    private static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
        || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
}
