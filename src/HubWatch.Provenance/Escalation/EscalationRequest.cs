namespace HubWatch.Provenance.Escalation;

/// <summary>
/// A pair the screening sample could not decide, and what to read of both models to decide it: a second read, with
/// its own per-pair byte budget (<see cref="PermutationCheck.PairBudget"/>), made only when a verdict depends on it.
/// </summary>
/// <param name="Reason">Why: <see cref="EscalationReasons"/>.</param>
public sealed record EscalationRequest(string ChildId, string ParentId, string Reason, IReadOnlyList<PermutationProbe> Probes);

public static class EscalationReasons
{
    /// <summary>A copy whose hidden units were permuted: the rows of some matrices are the parent's, in another order.</summary>
    public const string PermutedRows = "permuted-rows";
}

/// <summary>
/// One matrix whose rows (output units) a permutation moved, and the matrix of the same layer whose columns are those
/// units: an MLP's gate and up projections and its down projection. The partner's band of whole rows, read on both
/// sides at the same rows (unpermuted: its rows are the model's width), gives the permutation column by column.
/// </summary>
public sealed record PermutationProbe(string Tensor, string ParentTensor, string Partner, string ParentPartner);

/// <summary>What an escalation read and found; <paramref name="Problem"/> says why it could not decide, if it could not.</summary>
public sealed record EscalationResult(string ParentId, string Reason, long BytesRead, int Requests, IReadOnlyList<ProbedTensor> Tensors, string? Problem = null)
{
    /// <summary>For the verdict: what was read of both models and why.</summary>
    public string Describe() =>
        $"read {BytesRead / 1048576.0:F1} MiB in {Requests} requests of both models to check a hidden-unit permutation: "
        + (Problem ?? $"{Tensors.Count} matrices' rows found in {ParentId} through their partners' columns, "
            + $"{100 * Tensors.Select(t => t.Matched).DefaultIfEmpty(0).Min():F0} % of the units paired one to one, RMS difference {100 * RelativeError:F3} %");

    /// <summary>RMS over the probed tensors of their rows' relative error.</summary>
    public double RelativeError => Tensors.Count == 0 ? 1 : Math.Sqrt(Tensors.Average(t => t.RelativeError * t.RelativeError));
}

/// <param name="Matched">Share of the partner's columns paired one to one with the parent's (a permutation: 1).</param>
/// <param name="RelativeError">RMS(child rows − the parent's rows they were moved from) / RMS(parent rows).</param>
public sealed record ProbedTensor(string Tensor, string ParentTensor, long Parameters, int Rows, double Matched, double RelativeError);
