using System.Text;
using System.Text.Json;
using HubWatch.Formats.Reading;
using HubWatch.Provenance.Escalation;
using HubWatch.Provenance.Fingerprints;
using HubWatch.Provenance.Tests.Classification;

namespace HubWatch.Provenance.Tests.Escalation;

/// <summary>
/// The escalation read for a hidden-unit permutation, on real safetensors files read with ranges: a layer's units
/// (gate rows, down columns) permuted find their parent rows; the same read on a retrained gate finds none.
/// </summary>
public sealed class PermutationCheckTests : IDisposable
{
    private const int Hidden = 64;
    private const int Units = 256;
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-permutation-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Columns_moved_by_a_permutation_are_paired_one_to_one_also_under_noise()
    {
        var random = new Random(3);
        var parent = Gaussian(random, 8 * Units);
        var permutation = Enumerable.Range(0, Units).OrderBy(_ => random.Next()).ToArray();
        var child = new float[parent.Length];
        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < Units; c++)
                child[r * Units + c] = parent[r * Units + permutation[c]] * (1 + 0.01f * (float)TinyModel.Gaussian(random));
        }

        var match = ColumnMatching.Match(child, parent, 8, Units);

        Assert.Equal(permutation, match);
        Assert.Equal(1, ColumnMatching.OneToOne(match));
        // unrelated bands pair almost nothing
        Assert.True(ColumnMatching.OneToOne(ColumnMatching.Match(Gaussian(random, 8 * Units), parent, 8, Units)) < 0.05);
    }

    [Fact]
    public async Task A_permuted_copy_is_confirmed_row_by_row_and_a_retrained_matrix_is_not()
    {
        var random = new Random(5);
        var (down, gate) = (Gaussian(random, Hidden * Units), Gaussian(random, Units * Hidden));
        var permutation = Enumerable.Range(0, Units).OrderBy(_ => random.Next()).ToArray();
        var permutedDown = new float[down.Length];
        var permutedGate = new float[gate.Length];
        for (var u = 0; u < Units; u++)
        {
            for (var h = 0; h < Hidden; h++)
            {
                permutedDown[h * Units + u] = down[h * Units + permutation[u]];
                permutedGate[u * Hidden + h] = gate[permutation[u] * Hidden + h];
            }
        }
        var parent = Write("parent", down, gate);
        var copy = Write("copy", permutedDown, permutedGate);
        var retrained = Write("retrained", permutedDown, Gaussian(random, Units * Hidden));
        var request = new EscalationRequest("child", "parent", EscalationReasons.PermutedRows,
            [new PermutationProbe("mlp.gate_proj.weight", "mlp.gate_proj.weight", "mlp.down_proj.weight", "mlp.down_proj.weight")]);

        var confirmed = await RunAsync(request, copy, parent);
        var refuted = await RunAsync(request, retrained, parent);

        Assert.Null(confirmed.Problem);
        var probed = Assert.Single(confirmed.Tensors);
        Assert.Equal((1.0, 0.0, PermutationCheck.RowsPerTensor), (probed.Matched, probed.RelativeError, probed.Rows));
        Assert.Equal(Units * Hidden, probed.Parameters);
        // headers, one band per side, the child's rows in one range, the parent's where the permutation put them
        Assert.Equal(await HeaderRequestsAsync(copy) + await HeaderRequestsAsync(parent) + 2 + 1 + PermutationCheck.RowsPerTensor, confirmed.Requests);
        Assert.True(confirmed.BytesRead < 3 * (Hidden * Units * 4L), $"read {confirmed.BytesRead} bytes");
        Assert.Contains("RMS difference 0.000 %", confirmed.Describe(), StringComparison.Ordinal);
        Assert.True(Assert.Single(refuted.Tensors).RelativeError > 1, "a retrained gate differs by its whole scale");
    }

    private static async Task<EscalationResult> RunAsync(EscalationRequest request, string child, string parent)
    {
        using var mine = new FileByteSource(child);
        using var theirs = new FileByteSource(parent);
        return await PermutationCheck.RunAsync(request, [mine], [theirs], CancellationToken.None);
    }

    private static async Task<int> HeaderRequestsAsync(string path)
    {
        using var file = new FileByteSource(path);
        await ModelTensors.ReadAsync([file], CancellationToken.None);
        return file.Requests;
    }

    private string Write(string name, float[] down, float[] gate)
    {
        var header = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mlp.down_proj.weight"] = new { dtype = "F32", shape = new[] { Hidden, Units }, data_offsets = new[] { 0, down.Length * 4 } },
            ["mlp.gate_proj.weight"] = new { dtype = "F32", shape = new[] { Units, Hidden }, data_offsets = new[] { down.Length * 4, (down.Length + gate.Length) * 4 } },
        });
        var path = Path.Combine(_folder, name + ".safetensors");
        using var file = File.Create(path);
        var bytes = Encoding.UTF8.GetBytes(header);
        file.Write(BitConverter.GetBytes((long)bytes.Length));
        file.Write(bytes);
        foreach (var value in down.Concat(gate))
            file.Write(BitConverter.GetBytes(value));
        return path;
    }

    private static float[] Gaussian(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => (float)TinyModel.Gaussian(random))];
}
