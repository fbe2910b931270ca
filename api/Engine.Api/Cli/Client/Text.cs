using System.Text;

namespace Engine.Api.Cli.Client;

/// <summary>Byte/text conversions and etcdctl's small formatting helpers.</summary>
public static class Text
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Str(byte[]? bytes) => bytes is null ? "" : Encoding.UTF8.GetString(bytes);

    /// <summary>The end of the prefix range of <paramref name="key"/> (last byte +1, dropping 0xff bytes; "\0" when all are 0xff).</summary>
    public static byte[] PrefixEnd(byte[] key)
    {
        byte[] end = (byte[])key.Clone();
        for (int i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return [0];
    }

    /// <summary>etcd's member/lease ids in lower-case hex.</summary>
    public static string Hex(ulong id) => id.ToString("x");

    public static string Hex(long id) => ((ulong)id).ToString("x");

    /// <summary>Bytes as etcdctl's humanized size (go-humanize Bytes: kB = 1000, one decimal below 10 units).</summary>
    public static string Size(long bytes)
    {
        if (bytes < 10)
        {
            return $"{bytes} B";
        }

        string[] units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
        int exponent = Math.Min(units.Length - 1, (int)Math.Floor(Math.Log(bytes) / Math.Log(1000)));
        double value = Math.Floor(bytes / Math.Pow(1000, exponent) * 10 + 0.5) / 10;
        return value < 10 ? $"{value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} {units[exponent]}"
            : $"{value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} {units[exponent]}";
    }

    /// <summary>An ASCII table like etcdctl's tablewriter.</summary>
    public static string Table(string[] headers, IReadOnlyList<string[]> rows)
    {
        int[] widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        var text = new StringBuilder();
        text.AppendLine(rule);
        text.AppendLine("|" + string.Join("|", headers.Select((h, i) => " " + h.ToUpperInvariant().PadLeft((widths[i] + h.Length) / 2).PadRight(widths[i]) + " ")) + "|");
        text.AppendLine(rule);
        foreach (string[] row in rows)
        {
            text.AppendLine("|" + string.Join("|", row.Select((c, i) => " " + c.PadLeft(widths[i]) + " ")) + "|");
        }

        text.AppendLine(rule);
        return text.ToString();
    }
}
