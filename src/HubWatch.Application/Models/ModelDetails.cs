using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Provenance.Classification;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Models;

/// <summary>One model, everything the model page and <c>/api/models/{id}</c> show.</summary>
public sealed class ModelDetails(IDbContextFactory<HubWatchDbContext> databases)
{
    /// <returns>Null when no model has this id.</returns>
    public async Task<ModelDetail?> GetAsync(string id, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (model is null)
            return null;
        var verdicts = await db.Verdicts.AsNoTracking().Where(v => v.ModelId == id).OrderByDescending(v => v.Version).ToListAsync(ct);
        var current = verdicts.FirstOrDefault(v => v.Current);
        var fingerprint = await db.Fingerprints.AsNoTracking().Where(f => f.ModelId == id).OrderByDescending(f => f.Id).FirstOrDefaultAsync(ct);
        var descendants = await db.Verdicts.AsNoTracking().Where(v => v.Current && v.TopParentId == id)
            .Join(db.Models.AsNoTracking(), v => v.ModelId, m => m.Id, (v, m) => new { v, m })
            .OrderBy(x => x.m.CreatedAt).Take(100)
            .Select(x => new ModelRow(x.m.Id, x.m.Author, x.m.CreatedAt, x.m.UploadMonth, x.m.License, x.m.Architecture, x.m.Downloads, x.v.Relation, x.v.Method, x.v.TopParentId, x.v.FlagCount, x.v.Summary))
            .ToListAsync(ct);

        var ancestors = new List<string>();
        for (var parent = current?.TopParentId; parent is not null && ancestors.Count < 10 && !ancestors.Contains(parent) && parent != id;)
        {
            ancestors.Add(parent);
            parent = await db.Verdicts.AsNoTracking().Where(v => v.ModelId == parent && v.Current).Select(v => v.TopParentId).FirstOrDefaultAsync(ct);
        }

        var row = new ModelRow(model.Id, model.Author, model.CreatedAt, model.UploadMonth, model.License, model.Architecture, model.Downloads,
            current?.Relation, current?.Method, current?.TopParentId, current?.FlagCount ?? 0, current?.Summary);
        var declared = new DeclaredFacts(model.DeclaredBaseModels, model.DeclaredRelation, model.DeclaresMergekit,
            model.DeclaredMergeMethod, model.ClaimsFromScratch, model.License, model.Tags);
        var verdict = current is null ? null : new VerdictView(current.Version, current.CreatedAt, current.Relation, current.Method,
            VerdictJson.Parents(current.ParentsJson),
            VerdictJson.Read<Dictionary<string, double[]>>(current.CoefficientsJson),
            current.Transforms,
            System.Text.Json.JsonSerializer.Deserialize<VerdictEvidence>(current.EvidenceJson, VerdictJson.Options)!,
            VerdictJson.Flags(current.FlagsJson));
        var print = fingerprint is null ? null : new FingerprintView(fingerprint.Revision, fingerprint.Status.ToString(), fingerprint.Error, fingerprint.Format,
            fingerprint.Files, fingerprint.ContentHash, fingerprint.CopyOfModelId, fingerprint.BytesRead, fingerprint.Requests, fingerprint.FileBytes, fingerprint.Seconds, fingerprint.Parameters,
            fingerprint.Unread, fingerprint.UnreadParameters);
        var problems = await db.ModelFaults.AsNoTracking().Where(f => f.ModelId == id).OrderBy(f => f.Step)
            .Select(f => new StepProblem(f.Step, f.Reason, f.Failures, f.LastFailedAt, f.QuarantinedAt)).ToListAsync(ct);
        if (model.CardError is not null && model.CardCheckedSha == model.Sha)
            problems.Insert(0, new StepProblem(ModelFault.Card, model.CardError, 1, null, null));
        return new ModelDetail(row, declared, verdict, [.. verdicts.Select(v => new VerdictVersion(v.Version, v.CreatedAt, v.Relation, v.Summary))], print, ancestors, descendants, problems);
    }
}
