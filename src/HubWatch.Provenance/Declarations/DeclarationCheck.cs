using HubWatch.Domain.Lineage;
using HubWatch.Provenance.Classification;

namespace HubWatch.Provenance.Declarations;

/// <summary>One disagreement between what a card declares and what the weights show.</summary>
/// <param name="Kind">One of <see cref="FlagKinds"/>.</param>
public sealed record DeclarationFlag(string Kind, string Reason);

/// <summary>Declared (the crawled card) against detected (the verdict): the flags a journalist or an investor follows up.</summary>
public static class DeclarationCheck
{
    /// <param name="parentLicenses">The declared licence of each verdict parent, where it is known.</param>
    public static IReadOnlyList<DeclarationFlag> Flags(DeclaredProvenance declared, Verdict verdict, IReadOnlyDictionary<string, string?> parentLicenses)
    {
        var flags = new List<DeclarationFlag>();
        if (!Relations.IsDerived(verdict.Relation) || verdict.Parents.Count == 0)
            return flags;
        var parents = string.Join(" and ", verdict.Parents.Select(p => p.Id));
        var detected = verdict.Relation == Relations.Merge ? $"a merge of {parents}" : $"a {verdict.Relation} of {parents}";
        if (declared.ClaimsFromScratch)
            flags.Add(new(FlagKinds.FalseIndependence, $"claims training from scratch; the weights are {detected}"));
        if (!declared.DeclaresBaseModel)
            flags.Add(new(FlagKinds.UndeclaredDerivative, $"declares no base model; the weights are {detected}"));
        else if (!verdict.Parents.Any(p => declared.BaseModels.Contains(p.Id, StringComparer.OrdinalIgnoreCase)))
            flags.Add(new(FlagKinds.WrongParent, $"declares {string.Join(", ", declared.BaseModels)}; the weights are {detected}"));
        if (verdict.Relation == Relations.Merge && !declared.DeclaresMerge)
            flags.Add(new(FlagKinds.UndeclaredMerge, $"does not say it is a merge; the weights are {detected}"));
        else if (declared.Relation is { } relation && relation != verdict.Relation && !(relation == Relations.Quantized && verdict.Relation == Relations.Copy))
            flags.Add(new(FlagKinds.WrongRelation, $"declares itself a {relation}; the weights are {detected}"));
        var licenses = verdict.Parents.Select(p => parentLicenses.GetValueOrDefault(p.Id)).OfType<string>().Distinct().ToList();
        if (LicenseCheck.Conflict(declared.License, licenses) is { } conflict)
            flags.Add(new(FlagKinds.LicenseConflict, conflict));
        return flags;
    }
}
