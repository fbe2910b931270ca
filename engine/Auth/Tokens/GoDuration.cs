using System.Globalization;

namespace Engine.Auth.Tokens;

/// <summary>Parses Go's time.ParseDuration syntax ("5m", "1h30m", "300s", "1.5s", "250ms"), as etcd's <c>ttl=</c> option.</summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        double totalMs = 0;
        int i = 0;
        if (text.Length == 0)
        {
            return false;
        }

        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
            {
                return false;
            }

            int unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            double? unitMs = text[unitStart..i] switch
            {
                "ns" => 1e-6,
                "us" or "µs" => 1e-3,
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (unitMs is null)
            {
                return false;
            }

            totalMs += value * unitMs.Value;
        }

        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }
}
