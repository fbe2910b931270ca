using System.Text;

namespace Engine.Api.Cli.Client;

/// <summary>
/// The command line's bytes as the kernel passed them. .NET decodes argv as UTF-8 and turns invalid bytes into
/// U+FFFD; keys and values are bytes, so an argument that does not survive that decoding is looked up here
/// (from /proc/self/cmdline) by its decoded text.
/// </summary>
public static class RawArgs
{
    private static Dictionary<string, byte[]> _raw = new(StringComparer.Ordinal);

    /// <summary>Records the raw bytes of <paramref name="args"/> (the last entries of /proc/self/cmdline).</summary>
    public static void Capture(string[] args)
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            List<byte[]> parts = Split(cmdline);
            int offset = parts.Count - args.Length;
            var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (int i = 0; offset >= 0 && i < args.Length; i++)
            {
                byte[] bytes = parts[offset + i];
                if (Encoding.UTF8.GetString(bytes) == args[i] && !bytes.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(args[i])))
                {
                    raw[args[i]] = bytes;
                }
            }

            _raw = raw;
        }
        catch (IOException)
        {
            // Not Linux: arguments are taken as UTF-8 text.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The bytes of the argument whose decoded text is <paramref name="text"/>.</summary>
    public static byte[] Bytes(string text) => _raw.TryGetValue(text, out byte[]? bytes) ? bytes : Encoding.UTF8.GetBytes(text);

    private static List<byte[]> Split(byte[] cmdline)
    {
        var parts = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < cmdline.Length; i++)
        {
            if (cmdline[i] == 0)
            {
                parts.Add(cmdline[start..i]);
                start = i + 1;
            }
        }

        if (start < cmdline.Length)
        {
            parts.Add(cmdline[start..]);
        }

        return parts;
    }
}
