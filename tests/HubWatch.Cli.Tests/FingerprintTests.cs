using System.Text.Json;
using HubWatch.DemoHub.Serving;
using HubWatch.Testing;
using static HubWatch.Cli.Tests.CliRun;

namespace HubWatch.Cli.Tests;

/// <summary><c>hubwatch fingerprint</c> on real files, on hostile input, and over HTTP Range on a virtual 70B shard.</summary>
public sealed class FingerprintTests
{
    private static readonly string RealWeights = Path.Combine(AppContext.BaseDirectory, "RealWeights");

    [Fact]
    public async Task A_real_llama_file_gives_its_architecture_signature()
    {
        var file = Path.Combine(RealWeights, "stories260K.f32.safetensors");
        var (exit, output, _) = await RunAsync("fingerprint", file, "--json");

        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(output);
        var signature = report.RootElement.GetProperty("signature");
        // MANIFEST: dim 64, 5 layers, vocab 512, 260K parameters
        Assert.Equal((5, 64L, 512L, 260_032L), (signature.GetProperty("layers").GetInt32(), signature.GetProperty("hidden").GetInt64(),
            signature.GetProperty("vocab").GetInt64(), signature.GetProperty("parameters").GetInt64()));
        Assert.True(report.RootElement.GetProperty("bytesRead").GetInt64() <= new FileInfo(file).Length + 4096);
        var tensors = report.RootElement.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(signature.GetProperty("tensors").GetInt32(), tensors.Count);
        Assert.All(tensors, t => Assert.True(t.GetProperty("statistics").GetProperty("count").GetInt32() > 0));
    }

    [Fact]
    public async Task A_gptq_file_is_decoded_whole_with_the_quantize_config_beside_it_and_its_format_named()
    {
        var folder = Directory.CreateTempSubdirectory("hubwatch-gptq").FullName;
        try
        {
            var fixtures = Path.Combine(AppContext.BaseDirectory, "PackedReference");
            File.Copy(Path.Combine(fixtures, "gptq3_g32_act_v2.safetensors"), Path.Combine(folder, "model.safetensors"));
            File.Copy(Path.Combine(fixtures, "gptq3_g32_act_v2.quantize_config.json"), Path.Combine(folder, "quantize_config.json"));

            var (exit, output, _) = await RunAsync("fingerprint", Path.Combine(folder, "model.safetensors"), "--json");
            var (_, table, _) = await RunAsync("fingerprint", Path.Combine(folder, "model.safetensors"));

            Assert.Equal(0, exit);
            using var report = JsonDocument.Parse(output);
            var format = Assert.Single(report.RootElement.GetProperty("formats").EnumerateArray());
            Assert.Equal("GPTQ 3-bit (v2), groups of 32, act order", format.GetProperty("format").GetString());
            Assert.Equal(64 * 512, format.GetProperty("parameters").GetInt64());
            Assert.Equal(1.0, report.RootElement.GetProperty("decodedShare").GetDouble());
            Assert.Contains("decoded       100.0 % of the parameters", table, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_corrupted_gguf_is_refused_with_one_line_and_a_non_zero_exit()
    {
        var (exit, output, error) = await RunAsync("fingerprint", Path.Combine(RealWeights, "ggml-vocab-bert-bge.gguf"));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("refused: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_virtual_70B_shard_is_sampled_over_Range_within_the_budget()
    {
        await using var hub = await DemoHubServer.StartAsync(GeneratedHub.Load(TestHub.Folder));
        var giant = TestHub.Hub.Repos.First(r => r.Architecture == "llama-70b");
        var url = new Uri(hub.BaseUri, $"{giant.Id}/resolve/main/model-00010-of-00030.safetensors").AbsoluteUri;

        var (exit, output, _) = await RunAsync("fingerprint", url, "--budget-mib", "8", "--json");

        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(output);
        var read = report.RootElement.GetProperty("bytesRead").GetInt64();
        var file = report.RootElement.GetProperty("fileBytes").GetInt64();
        Assert.True(report.RootElement.GetProperty("plan").GetProperty("bytes").GetInt64() <= 8L << 20);
        Assert.True(read < (8L << 20) + 64 * 1024, $"{read} bytes read");
        Assert.True(read < file / 1000, $"{read} of {file} bytes");
        Assert.True(file > 1_000_000_000, "a 70B shard holds gigabytes");
        Assert.True(report.RootElement.GetProperty("requests").GetInt32() >= 3);
    }

    [Fact]
    public async Task A_repository_url_is_read_as_the_fingerprint_job_reads_it_its_weight_files_picked_from_the_listing()
    {
        await using var hub = await DemoHubServer.StartAsync(GeneratedHub.Load(TestHub.Folder));
        var giant = TestHub.Hub.Repos.First(r => r.Architecture == "llama-70b");

        var (exit, output, error) = await RunAsync("fingerprint", new Uri(hub.BaseUri, giant.Id).AbsoluteUri, "--json");

        Assert.True(exit == 0, $"{giant.Id}: {error}");

        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(output);
        Assert.EndsWith("shards", report.RootElement.GetProperty("format").GetString(), StringComparison.Ordinal); // the index was found and followed
        Assert.Equal(80, report.RootElement.GetProperty("signature").GetProperty("layers").GetInt32());
        Assert.NotEmpty(report.RootElement.GetProperty("formats").EnumerateArray());
        Assert.Equal(1.0, report.RootElement.GetProperty("decodedShare").GetDouble());
    }

    [Fact]
    public async Task A_whole_sharded_70B_model_is_sampled_through_its_index_within_the_budget()
    {
        await using var hub = await DemoHubServer.StartAsync(GeneratedHub.Load(TestHub.Folder));
        var giant = TestHub.Hub.Repos.First(r => r.Architecture == "llama-70b");
        var url = new Uri(hub.BaseUri, $"{giant.Id}/resolve/main/model.safetensors.index.json").AbsoluteUri;

        var (exit, output, _) = await RunAsync("fingerprint", url, "--budget-mib", "128", "--json");

        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(output);
        var signature = report.RootElement.GetProperty("signature");
        Assert.Equal(80, signature.GetProperty("layers").GetInt32());
        Assert.Equal(8192, signature.GetProperty("hidden").GetInt64());
        Assert.True(signature.GetProperty("parameters").GetInt64() > 70_000_000_000);
        var read = report.RootElement.GetProperty("bytesRead").GetInt64();
        Assert.True(read < (128L << 20) + 30 * 64 * 1024, $"{read} bytes read"); // the data budget plus 30 small headers
        Assert.True(read < report.RootElement.GetProperty("fileBytes").GetInt64() / 1000); // under 0.1 %: 8 rows of each matrix
    }

    [Fact]
    public async Task An_index_naming_files_outside_its_folder_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("hubwatch-index-").FullName;
        try
        {
            var index = Path.Combine(folder, "model.safetensors.index.json");
            await File.WriteAllTextAsync(index, """{"metadata":{},"weight_map":{"a.weight":"../../etc/passwd"}}""");
            var (exit, _, error) = await RunAsync("fingerprint", index);
            Assert.Equal(2, exit);
            Assert.Contains("../../etc/passwd", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
