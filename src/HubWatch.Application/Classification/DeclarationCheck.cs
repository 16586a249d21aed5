using HubWatch.Data.Entities;

namespace HubWatch.Application.Classification;

/// <summary>One disagreement between what a card declares and what the weights show.</summary>
/// <param name="Kind">undeclared-derivative, undeclared-merge, wrong-parent, wrong-relation, false-independence or licence-conflict.</param>
public sealed record DeclarationFlag(string Kind, string Reason);

/// <summary>Declared (the crawled card) against detected (the verdict): the flags a journalist or an investor follows up.</summary>
public static class DeclarationCheck
{
    public static IReadOnlyList<DeclarationFlag> Flags(HubModel model, Verdict verdict, IReadOnlyDictionary<string, HubModel> others)
    {
        var flags = new List<DeclarationFlag>();
        if (!Relations.IsDerived(verdict.Relation) || verdict.Parents.Count == 0)
            return flags;
        var parents = string.Join(" and ", verdict.Parents.Select(p => p.Id));
        var detected = verdict.Relation == Relations.Merge ? $"a merge of {parents}" : $"a {verdict.Relation} of {parents}";
        if (model.ClaimsFromScratch)
            flags.Add(new("false-independence", $"claims training from scratch; the weights are {detected}"));
        if (model.DeclaredBaseModels.Count == 0)
            flags.Add(new("undeclared-derivative", $"declares no base model; the weights are {detected}"));
        else if (!verdict.Parents.Any(p => model.DeclaredBaseModels.Contains(p.Id, StringComparer.OrdinalIgnoreCase)))
            flags.Add(new("wrong-parent", $"declares {string.Join(", ", model.DeclaredBaseModels)}; the weights are {detected}"));
        var declaresMerge = model.DeclaredRelation == Relations.Merge || model.HasMergekitConfig || model.Tags.Contains("mergekit");
        if (verdict.Relation == Relations.Merge && !declaresMerge)
            flags.Add(new("undeclared-merge", $"does not say it is a merge; the weights are {detected}"));
        else if (model.DeclaredRelation is { } declared && declared != verdict.Relation && !(declared == Relations.Quantized && verdict.Relation == Relations.Copy))
            flags.Add(new("wrong-relation", $"declares itself a {declared}; the weights are {detected}"));
        var parentLicences = verdict.Parents.Select(p => others.GetValueOrDefault(p.Id)?.License).OfType<string>().Distinct().ToList();
        if (LicenceCheck.Conflict(model.License, parentLicences) is { } conflict)
            flags.Add(new("licence-conflict", conflict));
        return flags;
    }
}
