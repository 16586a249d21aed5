namespace HubWatch.Data.Entities;

/// <summary>
/// The trend figures of one upload month, kept up to date as jobs change models, fingerprints and verdicts, so the
/// Trends page reads a few dozen rows instead of grouping millions of models. Columns mirror the Trends API rows.
/// </summary>
public sealed class MonthlyStat
{
    /// <summary><c>YYYY-MM</c>, or <see cref="BeforeTracking"/> for repositories older than the hub's dates.</summary>
    public required string Month { get; set; }

    public const string BeforeTracking = HubWatch.Domain.Hub.UploadDate.BeforeTrackingLabel;

    public int Uploads { get; set; }
    public int DeclaredProvenance { get; set; }
    public int DeclaredMergekit { get; set; }
    public int Fingerprinted { get; set; }
    public int Judged { get; set; }
    public int DetectedMerges { get; set; }
    public int DetectedFinetunes { get; set; }
    public int VerifiedIndependent { get; set; }
    public int UndeclaredDerivatives { get; set; }
    public int LicenseConflicts { get; set; }
    public DateTime UpdatedAt { get; set; }
}
