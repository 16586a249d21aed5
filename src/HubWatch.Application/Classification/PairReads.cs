using HubWatch.Application.Faults;
using HubWatch.Application.Fingerprinting;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Formats.Reading;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application.Classification;

/// <summary>
/// Escalation reads: what a verdict asked to read of a model and a candidate parent, read with Range requests from the
/// revisions both were fingerprinted at, within <see cref="PermutationCheck.PairBudget"/> a side, and stored with what
/// it cost. A read that fails is stored with its reason too: the pair is not read again until a revision changes.
/// </summary>
public sealed class PairReads(IDbContextFactory<HubWatchDbContext> databases, HubWeightFiles weights, TimeProvider clock, ILogger<PairReads> logger)
{
    /// <summary>Pairs read per classification run at most: escalation is for the few the screening sample left open.</summary>
    public const int PerRun = 50;

    public async Task RunAsync(EscalationRequest request, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var (child, parent) = (await FilesOf(db, request.ChildId, ct), await FilesOf(db, request.ParentId, ct));
        if (child is null || parent is null)
            return; // re-crawled or deleted since the verdict asked: the next classification asks again
        IByteSource[] Open(string id, (string Revision, string[] Files) model)
        {
            var budget = ByteBudget.ForSample(PermutationCheck.PairBudget); // a side's, shared by its files
            return [.. model.Files.Select(f => weights.Open(id, model.Revision, f, budget))];
        }
        var (childFiles, parentFiles) = (Open(request.ChildId, child.Value), Open(request.ParentId, parent.Value));
        EscalationResult result;
        try
        {
            result = await PermutationCheck.RunAsync(request, childFiles, parentFiles, ct);
        }
        catch (Exception e) when (!StepFailures.StopsTheRun(e, ct))
        {
            logger.LogWarning(e, "Escalation read of {Model} against {Parent} failed", request.ChildId, request.ParentId);
            var cost = childFiles.Concat(parentFiles);
            result = new EscalationResult(request.ParentId, request.Reason, cost.Sum(s => s.BytesRead), cost.Sum(s => s.Requests), [], StepFailures.Reason(e));
        }
        db.PairChecks.Add(new PairCheck
        {
            ModelId = request.ChildId,
            Revision = child.Value.Revision,
            ParentId = request.ParentId,
            ParentRevision = parent.Value.Revision,
            Reason = request.Reason,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            BytesRead = result.BytesRead,
            Requests = result.Requests,
            ResultJson = VerdictJson.Write(result),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 })
        {
            // UNIQUE constraint: another run read this pair meanwhile
        }
    }

    /// <summary>The revision a model was fingerprinted at and its weight files (a shard index is not read again).</summary>
    private static async Task<(string Revision, string[] Files)?> FilesOf(HubWatchDbContext db, string id, CancellationToken ct)
    {
        var row = await db.Fingerprints.AsNoTracking()
            .Where(f => f.ModelId == id && f.Status == FingerprintStatus.Sampled && db.Models.Any(m => m.Id == id && m.Sha == f.Revision))
            .OrderByDescending(f => f.Id).Select(f => new { f.Revision, f.Files }).FirstOrDefaultAsync(ct);
        return row?.Files is null ? null
            : (row.Revision, row.Files.Split(", ").Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).ToArray());
    }
}
