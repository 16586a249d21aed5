using HubWatch.Application.Crawling;
using HubWatch.Application.Fingerprinting;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Serving;
using HubWatch.Formats.Reading;
using HubWatch.Hub.Cards;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Evaluation;

/// <summary>A sharded model of a served demo hub sampled over HTTP Range requests, as the fingerprint job reads one, within the default budget.</summary>
public static class DemoHubWeights
{
    /// <summary>The demo's virtual 70B models, oldest first: two bases, then the Rio-like merge of them.</summary>
    public static IReadOnlyList<HubRepo> Giants(GeneratedHub hub) => [.. hub.Repos.Where(r => r.Architecture == "llama-70b").OrderBy(r => r.CreatedAt)];

    public static async Task<WeightSample> SampleShardedAsync(DemoHubServer server, HubRepo repo, HttpClient http, CancellationToken ct)
    {
        var root = new Uri(server.BaseUri, $"{repo.Id}/resolve/{repo.Sha}/");
        var shards = ShardIndex.ShardFiles(await http.GetStringAsync(new Uri(root, CardReader.ShardIndexFile), ct));
        var budget = ByteBudget.ForSample(WeightSampler.DefaultBudget);
        var sources = shards.Select(s => (IByteSource)new HttpByteSource(http, new Uri(root, s), budget)).ToList();
        return await WeightSampler.SampleAsync(sources, WeightSampler.DefaultBudget, ct);
    }
}
