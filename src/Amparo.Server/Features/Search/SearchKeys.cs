using System.Text;
using AnyAscii;

namespace Amparo.Server.Features.Search;

/// <summary>
/// Search keys for names and phone numbers, the same whatever the script or spelling: names are transliterated to
/// Latin (AnyAscii: Arabic, Cyrillic, accents...), then reduced to a sound skeleton — the first letter, then the
/// consonants with look-alikes merged (ph/f, q/c/k, z/s, sh/s, th/t, kh/k...), vowels and doubled letters dropped,
/// a silent final h dropped. So Mohammed, Muhammad, Mohamad and محمد share "mhmd"; Aisha, Ayesha and عائشة share
/// "as"; Yousef, Yusuf and يوسف share "asf". Phone numbers keep their last eight digits, so the same number written
/// with or without a country code or trunk zero matches.
/// </summary>
internal static class SearchKeys
{
    public const int PhoneDigits = 8;

    private static readonly (string From, string To)[] Merges =
    [
        ("ph", "f"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ck", "k"),
        ("q", "k"), ("c", "k"), ("z", "s"), ("x", "ks"), ("j", "g"), ("v", "f"),
    ];

    /// <summary>One key per word of the text (names, nicknames); words that leave no letters give none.</summary>
    public static IEnumerable<string> NameKeys(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        foreach (var word in text.Split([' ', '-', '_', '.', ',', '/'], StringSplitOptions.RemoveEmptyEntries))
            if (NameKey(word) is { } key) yield return key;
    }

    public static string? NameKey(string word)
    {
        var letters = new StringBuilder();
        foreach (var ch in word.Transliterate().ToLowerInvariant())
            if (ch is >= 'a' and <= 'z') letters.Append(ch);
        if (letters.Length == 0) return null;
        var text = letters.ToString();
        foreach (var (from, to) in Merges) text = text.Replace(from, to, StringComparison.Ordinal);

        // A leading vowel sound is one key whatever letter spells it (Ahmed/Ehmed, Yusuf/Usuf).
        var key = new StringBuilder().Append(IsVowel(text[0]) ? 'a' : text[0]);
        for (var i = 1; i < text.Length; i++)
        {
            var ch = text[i];
            if (IsVowel(ch) || ch == 'w') continue;
            if (ch == 'h' && i == text.Length - 1) continue; // Fatimah / Fatima
            if (key[^1] == ch) continue;
            key.Append(ch);
        }
        return key.ToString();
    }

    private static bool IsVowel(char ch) => ch is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>The last eight digits of a phone number (any script's digits), or null when it has fewer than six.</summary>
    public static string? PhoneKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = new StringBuilder();
        foreach (var ch in text)
            if (char.IsDigit(ch)) digits.Append((char)('0' + (int)char.GetNumericValue(ch)));
        if (digits.Length < 6) return null;
        return digits.Length <= PhoneDigits ? digits.ToString() : digits.ToString(digits.Length - PhoneDigits, PhoneDigits);
    }
}
