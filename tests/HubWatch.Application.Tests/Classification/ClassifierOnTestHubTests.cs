using HubWatch.Application.Tests.Fingerprinting;
using HubWatch.Domain.Lineage;
using HubWatch.Evaluation;
using HubWatch.Evaluation.Scoring;
using HubWatch.Kernels;
using HubWatch.Provenance.Classification;
using HubWatch.Testing;
using Xunit.Abstractions;

namespace HubWatch.Application.Tests.Classification;

/// <summary>
/// The classifier on the fingerprinted test hub (its 70B giants left out by the size limit, one weight file broken),
/// scored against truth.json with the targets. The full demo hub's figures come from <c>hubwatch eval</c>.
/// </summary>
[Collection(FingerprintedHubCollection.Name)]
public sealed class ClassifierOnTestHubTests(FingerprintedHub hub, ITestOutputHelper output)
{
    private async Task<(IReadOnlyList<Verdict> Verdicts, EvaluationReport Report)> ClassifyAsync(ISimilarityKernels kernels)
    {
        using var services = hub.Services();
        var (inputs, declared) = await DemoHubEvaluation.InputsAsync(services, CancellationToken.None);
        var readable = inputs.Where(m => m.Fingerprint is not null).Select(m => m.Id).ToHashSet();
        var verdicts = new ProvenanceClassifier(kernels).Classify(inputs);
        // the models that could not be read (giants above the limit, the broken file) are scored on the full hub
        var truth = TestHub.Truth with { Models = [.. TestHub.Truth.Models.Where(m => readable.Contains(m.Id))] };
        return (verdicts, VerdictScoring.Score(truth, [.. verdicts.Where(v => readable.Contains(v.ModelId))], declared));
    }

    [Fact]
    public async Task The_verdicts_meet_the_targets_on_the_test_hub()
    {
        var (verdicts, report) = await ClassifyAsync(new CpuSimilarityKernels());
        output.WriteLine(report.ToTable());

        Assert.True(report.MacroF1 >= 0.95, $"macro-F1 {report.MacroF1:F3}");
        Assert.Equal(0, report.FalseDerived.PredictedDerived);
        Assert.True(report.Parents.TopParentRate >= 0.95, $"top parent right for {report.Parents.TopParentRate:P1}");
        // method over every true merge, not only over those already judged merges
        Assert.True(report.Methods.Correct >= 0.9 * report.Methods.TrueMerges, $"method right for {report.Methods.Correct} of {report.Methods.TrueMerges} merges");
        var coefficients = report.Coefficients.Overall;
        Assert.True(coefficients.Compared >= 0.5 * coefficients.TruthConstant && coefficients.Compared > 0,
            $"coefficients compared for {coefficients.Compared} of {coefficients.TruthConstant} merges with constant coefficients");
        Assert.Equal(0, coefficients.Unmatched);
        Assert.True(coefficients.MaxError <= 0.02, $"coefficient error up to {coefficients.MaxError}");
        Assert.All(report.PerTransform.Where(t => t.Models > 0), t => Assert.True(t.Recall >= 0.95, $"{t.Transform}: recall {t.Recall:P0}"));
        // a parent of the truth on top for every true merge of the readable models, whatever the verdict's relation
        var byId = verdicts.ToDictionary(v => v.ModelId);
        var merges = TestHub.Truth.Models.Where(m => m.Relation == Relations.Merge && byId[m.Id].Relation != Relations.Unknown).ToList();
        var topRight = merges.Count(m => byId[m.Id].Parents.MaxBy(p => p.Share) is { } top && m.Parents.Any(p => p.Id == top.Id));
        Assert.True(topRight >= 0.95 * merges.Count, $"a true parent on top for {topRight} of {merges.Count} merges");
    }

    [Fact]
    public async Task The_rio_like_incident_is_a_60_40_linear_merge_of_its_two_70b_bases_read_from_the_weights()
    {
        var rio = TestHub.Truth.Models.Single(m => m.Id.Contains("Rio-3.5", StringComparison.Ordinal));
        using var http = new HttpClient();
        var inputs = new List<ClassifiableModel>();
        foreach (var giant in DemoHubWeights.Giants(hub.Server.Hub))
        {
            var sample = await DemoHubWeights.SampleShardedAsync(hub.Server, giant, http, CancellationToken.None);
            inputs.Add(new ClassifiableModel(giant.Id, giant.CreatedAt.UtcDateTime, sample.Fingerprint));
        }

        var verdict = new ProvenanceClassifier(new CpuSimilarityKernels()).Classify(inputs).Single(v => v.ModelId == rio.Id);

        Assert.Equal((Relations.Merge, MergeMethods.Linear), (verdict.Relation, verdict.Method));
        Assert.Equal(rio.Parents.Select(p => p.Id).Order(StringComparer.Ordinal), verdict.Parents.Select(p => p.Id).Order(StringComparer.Ordinal));
        foreach (var parent in rio.Parents)
            Assert.InRange(verdict.Parents.Single(p => p.Id == parent.Id).Share, parent.Share - 0.02, parent.Share + 0.02);
    }

    [Fact]
    public async Task The_ilgpu_kernels_give_the_same_verdicts_as_the_cpu_path()
    {
        using var host = KernelHost.Create(KernelPreference.IlgpuCpu);
        var cpu = (await ClassifyAsync(new CpuSimilarityKernels())).Verdicts;
        var ilgpu = (await ClassifyAsync(host.Kernels)).Verdicts;

        Assert.Equal(cpu.Select(v => (v.ModelId, v.Relation, v.Method, string.Join(",", v.Parents.Select(p => p.Id)))),
            ilgpu.Select(v => (v.ModelId, v.Relation, v.Method, string.Join(",", v.Parents.Select(p => p.Id)))));
    }
}
