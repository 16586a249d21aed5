using System.Text.RegularExpressions;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>What a weight file's shapes say about its architecture, whatever its tensors are named.</summary>
public sealed partial record ArchitectureSignature(int Tensors, long Parameters, int Layers, long? Hidden, long? Vocab, IReadOnlyDictionary<string, long> ParametersByType)
{
    public static ArchitectureSignature Of(IReadOnlyList<StoredTensorInfo> tensors)
    {
        var layers = tensors.Select(t => LayerIndex().Match(t.Name)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
        // the embedding is the widest-rowed 2-D tensor: [vocab, hidden] in either naming scheme
        var embedding = tensors.Where(t => t.Shape.Length == 2 && (t.Name.Contains("embed", StringComparison.Ordinal) || t.Name.StartsWith("token_embd", StringComparison.Ordinal)))
            .OrderByDescending(t => t.Elements).FirstOrDefault();
        var byType = tensors.GroupBy(t => t.Type.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(t => t.Elements));
        return new ArchitectureSignature(tensors.Count, tensors.Sum(t => t.Elements), layers, embedding?.Shape[1], embedding?.Shape[0], byType);
    }

    [GeneratedRegex(@"(?:layers|blk|h)\.(\d+)\.")]
    private static partial Regex LayerIndex();
}
