using Microsoft.Extensions.Options;

namespace HubWatch.Application.Fingerprinting;

/// <summary>How much of each model the fingerprint job reads, how many per run, and which (section <c>Fingerprint</c>).</summary>
public sealed class FingerprintOptions
{
    public const string Section = "Fingerprint";

    /// <summary>
    /// Most bytes of tensor data read per model, in MiB. The anchors of a 70B model take about 90 MiB in BF16 (0.07 % of
    /// it) and 205 MiB in GPTQ 4-bit, whose matrices are read by columns; most models read far less than the budget.
    /// </summary>
    public int BudgetMiB { get; set; } = 256;

    /// <summary>Models fingerprinted per run at most; the rest wait for the next run.</summary>
    public int PerRun { get; set; } = 200;

    /// <summary>Models sampled at once.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>Skip models with fewer downloads (0: none skipped).</summary>
    public long MinDownloads { get; set; }

    /// <summary>Skip models whose weight files are larger, in GiB (0: no limit).</summary>
    public double MaxWeightGiB { get; set; }

    /// <summary>Authors whose models are never sampled (e.g. bulk quantisers, if only originals matter).</summary>
    public List<string> ExcludeAuthors { get; set; } = [];

    public long BudgetBytes => (long)BudgetMiB << 20;
}

internal sealed class FingerprintOptionsValidator : IValidateOptions<FingerprintOptions>
{
    public ValidateOptionsResult Validate(string? name, FingerprintOptions options)
    {
        var errors = new List<string>();
        if (options.BudgetMiB is < 1 or > 4096)
            errors.Add($"Fingerprint:BudgetMiB must be between 1 and 4096, not {options.BudgetMiB}.");
        if (options.PerRun < 1)
            errors.Add($"Fingerprint:PerRun must be at least 1, not {options.PerRun}.");
        if (options.Parallelism is < 1 or > 32)
            errors.Add($"Fingerprint:Parallelism must be between 1 and 32, not {options.Parallelism}.");
        if (options.MaxWeightGiB < 0 || options.MinDownloads < 0)
            errors.Add("Fingerprint:MaxWeightGiB and Fingerprint:MinDownloads must not be negative.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
