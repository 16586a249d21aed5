using System.Globalization;

namespace HubWatch.DemoHub.Texts;

/// <summary>The few YAML scalars the demo hub writes (cards' front matter, mergekit configs), quoted when needed.</summary>
internal static class Yaml
{
    public static string Scalar(string text) =>
        text.Length == 0 || text.IndexOfAny([':', '#', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`']) >= 0 || text != text.Trim()
            ? "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : text;

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Flow(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Number)) + "]";
}
