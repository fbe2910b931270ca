using System.Globalization;

namespace Engine.Api.Cli.Client;

/// <summary>Go's duration syntax as etcdctl's flags take it ("5s", "1m30s", "500ms", "2.5s", "0").</summary>
public static class GoDuration
{
    /// <summary>Parses <paramref name="text"/>; false for anything Go's time.ParseDuration refuses.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        string s = text;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        double ticks = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
            {
                return false;
            }

            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double? scale = s[unitStart..i] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (scale is not { } unit)
            {
                return false;
            }

            ticks += number * unit;
        }

        value = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>Go's error text for a value <see cref="TryParse"/> refuses.</summary>
    public static string Invalid(string text) => text.Length > 0 && text.TrimStart('-', '+').All(c => char.IsAsciiDigit(c) || c == '.')
        ? $"time: missing unit in duration \"{text}\""
        : $"time: invalid duration \"{text}\"";

    /// <summary>Go's Duration.String(): "2.920591ms", "1.5s", "1m2.5s".</summary>
    public static string Format(TimeSpan duration)
    {
        long nanos = duration.Ticks * 100;
        if (nanos == 0)
        {
            return "0s";
        }

        if (nanos < 1_000)
        {
            return $"{nanos}ns";
        }

        if (nanos < 1_000_000)
        {
            return Fraction(nanos, 1_000) + "µs";
        }

        if (nanos < 1_000_000_000)
        {
            return Fraction(nanos, 1_000_000) + "ms";
        }

        long minutes = nanos / 60_000_000_000;
        string seconds = Fraction(nanos % 60_000_000_000, 1_000_000_000) + "s";
        return minutes == 0 ? seconds : minutes >= 60 ? $"{minutes / 60}h{minutes % 60}m{seconds}" : $"{minutes}m{seconds}";
    }

    private static string Fraction(long value, long unit)
    {
        string fraction = (value % unit).ToString(CultureInfo.InvariantCulture).PadLeft(unit.ToString(CultureInfo.InvariantCulture).Length - 1, '0').TrimEnd('0');
        return (value / unit).ToString(CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "");
    }
}
