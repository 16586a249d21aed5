using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Domain.Lineage;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Classification;

/// <summary>What one classification run did.</summary>
public sealed record ClassificationRunResult(int Models, int Changed, int Flagged, double Seconds);

/// <summary>
/// Classifies every live model against the fingerprints stored so far and keeps the verdicts versioned: a model gets a
/// new version only when its verdict or flags changed, so a new candidate re-classifies what it explains and the
/// history stays. Each run judges the whole set in upload order (earlier verdicts inform later ones), reading more of
/// the pairs the screening sample left open first (<see cref="EscalatingClassification"/>).
/// </summary>
public sealed class ClassificationService(IDbContextFactory<HubWatchDbContext> databases, EscalatingClassification classifier, MonthlyAggregates monthly, TimeProvider clock)
{
    public Task<ClassificationRunResult> RunAsync(CancellationToken ct) => monthly.RecountAfterAsync(() => ClassifyAsync(ct));

    private async Task<ClassificationRunResult> ClassifyAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        await using var db = await databases.CreateDbContextAsync(ct);
        var verdicts = await classifier.ClassifyAsync(ct);
        var models = await db.Models.AsNoTracking().Where(m => m.DeletedAt == null).ToDictionaryAsync(m => m.Id, StringComparer.Ordinal, ct);
        var licenses = models.ToDictionary(m => m.Key, m => m.Value.License, StringComparer.Ordinal);
        var current = await db.Verdicts.Where(v => v.Current).ToDictionaryAsync(v => v.ModelId, StringComparer.Ordinal, ct);
        int changed = 0, flagged = 0;
        foreach (var verdict in verdicts)
        {
            var flags = models.TryGetValue(verdict.ModelId, out var model) ? DeclarationCheck.Flags(model.Declared(), verdict, licenses) : [];
            flagged += flags.Count > 0 ? 1 : 0;
            var row = ToRow(verdict, flags, model?.Sha);
            var previous = current.GetValueOrDefault(verdict.ModelId);
            if (previous is not null && Same(previous, row))
                continue;
            if (previous is not null)
                previous.Current = false;
            row.Version = (previous?.Version ?? 0) + 1;
            db.Verdicts.Add(row);
            changed++;
        }
        await db.SaveChangesAsync(ct);
        return new ClassificationRunResult(verdicts.Count, changed, flagged, clock.GetElapsedTime(started).TotalSeconds);
    }

    private ModelVerdict ToRow(Verdict verdict, IReadOnlyList<DeclarationFlag> flags, string? revision) => new()
    {
        ModelId = verdict.ModelId,
        Current = true,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
        Revision = revision,
        Relation = verdict.Relation,
        Method = verdict.Method,
        TopParentId = verdict.Parents.OrderByDescending(p => p.Share).FirstOrDefault()?.Id,
        Transforms = [.. verdict.Transforms],
        Summary = verdict.Evidence.Summary.Length <= 2000 ? verdict.Evidence.Summary : verdict.Evidence.Summary[..1997] + "...",
        ParentsJson = VerdictJson.Write(verdict.Parents),
        CoefficientsJson = VerdictJson.Write(verdict.Coefficients),
        EvidenceJson = VerdictJson.Write(verdict.Evidence),
        FlagsJson = VerdictJson.Write(flags),
        FlagCount = flags.Count,
        UndeclaredDerivative = flags.Any(f => f.Kind == FlagKinds.UndeclaredDerivative),
        LicenseConflict = flags.Any(f => f.Kind == FlagKinds.LicenseConflict),
    };

    /// <summary>The same conclusion: relation, method, parents (shares rounded), transforms and flags; evidence figures may drift.</summary>
    private static bool Same(ModelVerdict a, ModelVerdict b) =>
        a.Relation == b.Relation && a.Method == b.Method && a.Revision == b.Revision && a.TopParentId == b.TopParentId
        && a.Transforms.SequenceEqual(b.Transforms) && a.FlagsJson == b.FlagsJson && Parents(a) == Parents(b);

    private static string Parents(ModelVerdict v) =>
        string.Join(';', VerdictJson.Parents(v.ParentsJson).Select(p => $"{p.Id}:{p.Share:F2}"));
}
