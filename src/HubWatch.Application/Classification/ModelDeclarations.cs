using HubWatch.Data.Entities;
using HubWatch.Provenance.Declarations;

namespace HubWatch.Application.Classification;

/// <summary>The crawled row as the declaration checks read it.</summary>
public static class ModelDeclarations
{
    public static DeclaredProvenance Declared(this HubModel model) =>
        new(model.DeclaredBaseModels, model.DeclaredRelation, model.DeclaresMergekit, model.ClaimsFromScratch, model.License);
}
