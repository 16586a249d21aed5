using HubWatch.Application.Classification;
using HubWatch.Application.Evaluation;
using HubWatch.Application.Tests.Fingerprinting;
using HubWatch.Kernels;
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
        using var db = hub.Database.CreateDbContext();
        var inputs = await ClassificationInputs.LoadAsync(db, CancellationToken.None);
        var readable = inputs.Where(m => m.Fingerprint is not null).Select(m => m.Id).ToHashSet();
        var verdicts = new ProvenanceClassifier(kernels).Classify(inputs);
        // the models that could not be read (giants above the limit, the broken file) are scored on the full hub
        var truth = TestHub.Truth with { Models = [.. TestHub.Truth.Models.Where(m => readable.Contains(m.Id))] };
        var declared = db.Models.ToDictionary(m => m.Id, m => new DeclaredProvenance(m.DeclaredBaseModels));
        return (verdicts, VerdictScoring.Score(truth, [.. verdicts.Where(v => readable.Contains(v.ModelId))], declared));
    }

    [Fact]
    public async Task The_verdicts_meet_the_targets_on_the_test_hub()
    {
        var (_, report) = await ClassifyAsync(new CpuSimilarityKernels());
        output.WriteLine(report.ToTable());

        Assert.True(report.MacroF1 >= 0.95, $"macro-F1 {report.MacroF1:F3}");
        Assert.Equal(0, report.FalseDerived.PredictedDerived);
        Assert.True(report.Parents.TopParentRate >= 0.95, $"top parent right for {report.Parents.TopParentRate:P1}");
        Assert.True(report.Methods.Rate >= 0.9, $"method right for {report.Methods.Rate:P1}");
        Assert.True((report.Coefficients.Overall.MaxError ?? 0) <= 0.02, $"coefficient error up to {report.Coefficients.Overall.MaxError}");
        Assert.All(report.PerTransform.Where(t => t.Models > 0), t => Assert.True(t.Recall >= 0.95, $"{t.Transform}: recall {t.Recall:P0}"));
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
