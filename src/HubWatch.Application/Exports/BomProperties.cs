using System.Globalization;
using System.Text.Json.Nodes;
using HubWatch.Application.Models;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;

namespace HubWatch.Application.Exports;

/// <summary>
/// HubWatch's findings as CycloneDX properties (name/value strings, names under the <c>hubwatch:</c> namespace):
/// numbers are invariant round-trip text, lists are comma-separated, coefficients are their JSON.
/// </summary>
internal static class BomProperties
{
    public static JsonArray List(IEnumerable<(string Name, string? Value)> properties) =>
        new([.. properties.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => new JsonObject { ["name"] = p.Name, ["value"] = p.Value })]);

    public static IEnumerable<(string, string?)> Verdict(VerdictView? verdict)
    {
        if (verdict is null)
        {
            yield return ("hubwatch:verdict:status", "not judged yet: the weights have not been fingerprinted and compared");
            yield break;
        }
        yield return ("hubwatch:verdict:status", "judged");
        yield return ("hubwatch:verdict:version", Number(verdict.Version));
        yield return ("hubwatch:verdict:created", verdict.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        yield return ("hubwatch:verdict:relation", verdict.Relation);
        yield return ("hubwatch:verdict:method", verdict.Method);
        yield return ("hubwatch:verdict:parents", string.Join(", ", verdict.Parents.Select(p => p.Id)));
        yield return ("hubwatch:verdict:coefficients", verdict.Coefficients.Count == 0 ? null : VerdictJson.Write(verdict.Coefficients));
        yield return ("hubwatch:verdict:transforms", string.Join(", ", verdict.Transforms));
        yield return ("hubwatch:verdict:summary", verdict.Evidence.Summary);
        yield return ("hubwatch:verdict:relative-error", Number(verdict.Evidence.RelativeError));
        yield return ("hubwatch:verdict:explained", Number(verdict.Evidence.Explained));
        yield return ("hubwatch:verdict:candidates", Number(verdict.Evidence.Candidates));
        yield return ("hubwatch:verdict:tensors-compared", Number(verdict.Evidence.TensorsCompared));
        yield return ("hubwatch:flags:count", Number(verdict.Flags.Count));
        foreach (var flag in verdict.Flags)
            yield return ($"hubwatch:flags:{flag.Kind}", flag.Reason);
    }

    /// <summary>A detected parent: its share, p-value and similarity, and its entry of each per-parent coefficient.</summary>
    public static IEnumerable<(string, string?)> Parent(ParentEvidence parent, int index, VerdictView verdict)
    {
        yield return ("hubwatch:parent:share", Number(parent.Share));
        yield return ("hubwatch:parent:p-value", Number(parent.PValue));
        yield return ("hubwatch:parent:similarity", Number(parent.Similarity));
        yield return ("hubwatch:lineage:generation", "1");
        // per-parent lists (mergekit's weight) line up with the parents; slerp's t is one number for the pair
        foreach (var (name, values) in verdict.Coefficients.Where(c => c.Value.Length == verdict.Parents.Count && verdict.Parents.Count > 1))
            yield return ($"hubwatch:coefficient:{name}", Number(values[index]));
    }

    public static IEnumerable<(string, string?)> Declared(DeclaredFacts declared)
    {
        yield return ("hubwatch:declared:base-models", string.Join(", ", declared.BaseModels));
        yield return ("hubwatch:declared:relation", declared.Relation);
        yield return ("hubwatch:declared:mergekit", declared.Mergekit ? "true" : "false");
        yield return ("hubwatch:declared:merge-method", declared.MergeMethod);
        yield return ("hubwatch:declared:claims-from-scratch", declared.ClaimsFromScratch ? "true" : "false");
        yield return ("hubwatch:declared:license", declared.License);
    }

    public static IEnumerable<(string, string?)> Fingerprint(FingerprintView? print)
    {
        if (print is null)
            yield break;
        yield return ("hubwatch:fingerprint:status", print.Status);
        yield return ("hubwatch:fingerprint:revision", print.Revision);
        yield return ("hubwatch:fingerprint:error", print.Error);
        yield return ("hubwatch:fingerprint:format", print.Format);
        yield return ("hubwatch:fingerprint:files", print.Files);
        yield return ("hubwatch:fingerprint:content-hash", print.ContentHash);
        yield return ("hubwatch:fingerprint:same-bytes-as", print.SameBytesAs);
        yield return ("hubwatch:fingerprint:bytes-read", Number(print.BytesRead));
        yield return ("hubwatch:fingerprint:requests", Number(print.Requests));
        yield return ("hubwatch:fingerprint:file-bytes", print.FileBytes is { } bytes ? Number(bytes) : null);
        yield return ("hubwatch:fingerprint:parameters", print.Parameters is { } parameters ? Number(parameters) : null);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
