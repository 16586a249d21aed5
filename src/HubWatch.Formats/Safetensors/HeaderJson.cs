using System.Buffers;
using System.Globalization;

namespace HubWatch.Formats.Safetensors;

/// <summary>
/// Compact JSON as serde_json writes it for the reference implementation: no whitespace, UTF-8 text unescaped,
/// only '"', '\\' and control characters escaped. Hand-written so the bytes do not depend on an encoder's
/// escaping policy.
/// </summary>
internal sealed class HeaderJson
{
    private readonly ArrayBufferWriter<byte> buffer = new(4096);

    public int Length => buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    public void Raw(string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(ascii, span);
        buffer.Advance(written);
    }

    public void Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    public void String(string value)
    {
        Raw("\"");
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escape = EscapeOf(value[i]);
            if (escape is null)
            {
                continue;
            }

            Utf8(value.AsSpan(start, i - start));
            Raw(escape);
            start = i + 1;
        }

        Utf8(value.AsSpan(start));
        Raw("\"");
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        // Lone surrogates become U+FFFD rather than throwing: a header must always be valid UTF-8.
        var span = buffer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = System.Text.Encoding.UTF8.GetBytes(text, span);
        buffer.Advance(written);
    }

    private static string? EscapeOf(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\b' => "\\b",
        '\f' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        _ => null,
    };
}
