using System.Text.Json;
using HubWatch.Hub.Api;

namespace HubWatch.Hub.Tests.Api;

/// <summary>The client's model reads every real <c>GET /api/models/{id}</c> body recorded from huggingface.co.</summary>
public sealed class RecordedModelInfoTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Recorded", "model-info");

    private static string[] FileNames() => [.. Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).OfType<string>().Order()];

    public static TheoryData<string> Files() => [.. FileNames()];

    private static HubModelInfo Read(string file) =>
        JsonSerializer.Deserialize<HubModelInfo>(File.ReadAllText(Path.Combine(Folder, file)), HubClient.Json)!;

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_recorded_body_reads_with_id_dates_and_files(string file)
    {
        var model = Read(file);
        Assert.False(string.IsNullOrWhiteSpace(model.Id));
        Assert.NotNull(model.CreatedAt);
        Assert.NotNull(model.Sha);
        Assert.NotEmpty(model.Siblings);
        // the file name is the id with '/' written as "__"
        Assert.StartsWith(model.Id.Replace("/", "__", StringComparison.Ordinal) + ".", file, StringComparison.Ordinal);
    }

    [Fact]
    public void There_are_44_recorded_bodies() => Assert.Equal(44, FileNames().Length);

    [Fact]
    public void Gated_is_read_from_a_string_as_well_as_from_false()
    {
        Assert.Equal("manual", Read("meta-llama__Llama-3.1-8B-Instruct.2025-03-21.json").Gated);
        Assert.Null(Read("gpt2.2025-03-21.json").Gated);
    }

    [Fact]
    public void Base_model_is_read_from_a_single_id_and_from_a_list()
    {
        // Real quirk: the card still names the repo's old id; the Hub-resolved tag names the new one.
        var llama = Read("meta-llama__Llama-3.1-8B-Instruct.2025-03-21.json");
        Assert.Equal(["meta-llama/Meta-Llama-3.1-8B"], llama.CardData!.BaseModel);
        Assert.Contains("base_model:finetune:meta-llama/Llama-3.1-8B", llama.Tags);

        var roberta = Read("deepset__roberta-base-squad2.2025-01-22.json");
        Assert.Equal(["FacebookAI/roberta-base"], roberta.CardData!.BaseModel);
        Assert.Equal("cc-by-4.0", roberta.CardData.License.Single());
    }

    [Fact]
    public void Safetensors_parameter_counts_are_read_where_the_hub_gives_them()
    {
        var withCounts = FileNames().Select(Read).Count(m => m.Safetensors is { Total: > 0 });
        Assert.Equal(33, withCounts); // MANIFEST: safetensors present on 33 of 44 bodies

        var llama = Read("meta-llama__Meta-Llama-3-70B-Instruct.2025-03-21.json");
        Assert.Equal(llama.Safetensors!.Total, llama.Safetensors.Parameters.Values.Sum());
        Assert.True(llama.Safetensors.Total > 70_000_000_000);
    }
}
