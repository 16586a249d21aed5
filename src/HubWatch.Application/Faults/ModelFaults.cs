using HubWatch.Data;
using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Faults;

/// <summary>
/// Counts the failures of each step per model and parks (quarantines) a model that failed the same step
/// <see cref="QuarantineOptions.After"/> times at the same commit, so one poison repository is not tried first,
/// run after run, forever. The steps skip parked models; an admin releases them.
/// </summary>
public sealed class ModelFaults(IDbContextFactory<HubWatchDbContext> databases, IOptions<QuarantineOptions> options, TimeProvider clock)
{
    /// <summary>Adds one failure to <paramref name="db"/> (the caller saves); true when it parks the model.</summary>
    public async Task<bool> FailedAsync(HubWatchDbContext db, string modelId, string step, string? revision, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var fault = await db.ModelFaults.SingleOrDefaultAsync(f => f.ModelId == modelId && f.Step == step, ct);
        if (fault is null)
            db.ModelFaults.Add(fault = new ModelFault { ModelId = modelId, Step = step, Reason = reason, FirstFailedAt = now });
        if (fault.Revision != revision)
            (fault.Revision, fault.Failures, fault.FirstFailedAt, fault.QuarantinedAt) = (revision, 0, now, null); // a new commit is a new input
        fault.Failures++;
        (fault.Reason, fault.LastFailedAt) = (reason, now);
        // the listing is read again whatever happens: nothing there to skip, the row only keeps the reason
        if (step == ModelFault.Listing || fault.QuarantinedAt is not null || fault.Failures < options.Value.After)
            return false;
        fault.QuarantinedAt = now;
        return true;
    }

    /// <summary>The step worked for these models: their counts start again.</summary>
    public static Task SucceededAsync(HubWatchDbContext db, IReadOnlyCollection<string> modelIds, string step, CancellationToken ct) =>
        modelIds.Count == 0 ? Task.CompletedTask : db.ModelFaults.Where(f => f.Step == step && modelIds.Contains(f.ModelId)).ExecuteDeleteAsync(ct);

    /// <summary>The models <paramref name="step"/> has not parked at their current commit: what the step may try.</summary>
    public static IQueryable<HubModel> NotParked(IQueryable<HubModel> models, HubWatchDbContext db, string step) =>
        models.Where(m => !db.ModelFaults.Any(f => f.ModelId == m.Id && f.Step == step && f.QuarantinedAt != null && f.Revision == m.Sha));

    /// <summary>Parked models, most recently parked first.</summary>
    public async Task<IReadOnlyList<ModelFault>> ParkedAsync(int limit, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.ModelFaults.AsNoTracking().Where(f => f.QuarantinedAt != null)
            .OrderByDescending(f => f.QuarantinedAt).ThenBy(f => f.ModelId).Take(limit).ToListAsync(ct);
    }

    /// <summary>Every fault recorded for one model (the model page shows them).</summary>
    public async Task<IReadOnlyList<ModelFault>> OfModelAsync(string modelId, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.ModelFaults.AsNoTracking().Where(f => f.ModelId == modelId).OrderBy(f => f.Step).ToListAsync(ct);
    }

    /// <summary>Lets the step try the model again from a count of zero; false when it was not parked.</summary>
    public async Task<bool> ReleaseAsync(string modelId, string step, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.ModelFaults.Where(f => f.ModelId == modelId && f.Step == step && f.QuarantinedAt != null).ExecuteDeleteAsync(ct) > 0;
    }
}
