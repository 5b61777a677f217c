using System.Text;

namespace CrmWarehouse.Bank.Generate;

/// <summary>Small damages to text values. Each returns the damaged text, or the input when nothing applied.</summary>
internal static class TextDirt
{
    private const string FallbackTypos = "伟明丽静敏杰华军芳娟";

    /// <summary>One character replaced by a homophone or look-alike (or, failing that, a common name character).</summary>
    public static string Typo(string name, Random random)
    {
        var chars = name.ToCharArray();
        var candidates = Enumerable.Range(0, chars.Length).Where(i => ChineseVariants.Confusions.ContainsKey(chars[i])).ToArray();
        if (candidates.Length > 0)
        {
            var i = candidates[random.Next(candidates.Length)];
            chars[i] = ChineseVariants.Confusions[chars[i]];
        }
        else if (chars.Length > 1)
        {
            var replacement = FallbackTypos[random.Next(FallbackTypos.Length)];
            chars[^1] = replacement == chars[^1] ? '华' : replacement;
        }
        return new string(chars);
    }

    public static string ToTraditional(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(ChineseVariants.Traditional.TryGetValue(c, out var t) ? t : c);
        }
        return builder.ToString();
    }

    /// <summary>ASCII letters and digits turned into their full-width forms (U+FF01–U+FF5E).</summary>
    public static string ToFullWidth(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= '!' and <= '~' ? (char)(c - '!' + '\uFF01') : c);
        }
        return builder.ToString();
    }

    /// <summary>Stray spaces: leading/trailing, doubled, or the ideographic space U+3000 inside the value.</summary>
    public static string StrayWhitespace(string text, Random random) => random.Next(3) switch
    {
        0 => " " + text + "  ",
        1 when text.Length > 1 => text[..1] + "\u3000" + text[1..],
        _ => text.Length > 1 ? text[..1] + "  " + text[1..] : text + " ",
    };
}
