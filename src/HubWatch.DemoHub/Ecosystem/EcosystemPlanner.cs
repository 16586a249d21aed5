using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Weights;
using HubWatch.Domain.Time;

namespace HubWatch.DemoHub.Ecosystem;

/// <summary>
/// Plans the demo ecosystem month by month: who uploads what, made from which parents by which method, and what
/// their cards declare. Deterministic for a seed and a "now".
/// </summary>
internal sealed partial class EcosystemPlanner
{
    /// <summary>A tenth of merges carry no mergekit tag: the declared share is this fraction of the true one.</summary>
    private const double TaggedMergeShare = 0.85;
    private const double TaggedMergeDeclareRate = 0.7;
    private const double UntaggedMergeDeclareRate = 0.5;

    /// <summary>Undeclared fine-tunes and disguised copies that claim training from scratch instead.</summary>
    private const double FineTuneFalseClaimRate = 0.2;
    private const double DisguisedCopyFalseClaimRate = 0.5;

    private static readonly (UploadKind Kind, double Weight)[] OtherKinds =
    [
        (UploadKind.FineTune, 0.33), (UploadKind.LoraMerged, 0.10), (UploadKind.ContinuedPretraining, 0.06),
        (UploadKind.Adapter, 0.08), (UploadKind.Quantized, 0.22), (UploadKind.ExactCopy, 0.05),
        (UploadKind.Reconversion, 0.06), (UploadKind.Obfuscated, 0.10),
    ];

    private readonly Random _random;
    private readonly ulong _seed;
    private readonly DateTimeOffset _now;
    private readonly List<Draft> _drafts = [];
    private readonly HashSet<string> _ids = new(StringComparer.OrdinalIgnoreCase);
    private ulong _weightSeeds;
    private double _independentDeclareRate = 0.85;

    public EcosystemPlanner(ulong seed, DateTimeOffset now, int baseMonthlyUploads = 40)
    {
        _seed = seed;
        _now = now;
        _random = new Random((int)(seed % int.MaxValue));
        _weightSeeds = CounterRandom.Mix(seed);
        Scenario = new Scenario(YearMonth.Of(now), baseMonthlyUploads);
    }

    public Scenario Scenario { get; }

    public IReadOnlyList<Draft> Drafts => _drafts;

    public IReadOnlyList<Draft> Plan()
    {
        AddLegacyModels();
        var timeline = Scenario.Timeline();
        for (var m = 0; m < timeline.Count; m++)
            PlanMonth(m, timeline[m], m == timeline.Count - 1);
        AddRenames();
        return _drafts;
    }

    private void PlanMonth(int index, YearMonth month, bool last)
    {
        var targets = Scenario.TargetsFor(index);
        var n = Math.Max(10, (int)Math.Round(targets.Uploads * (1 + 0.06 * Normal())));
        var independent = (int)Math.Round(n * targets.Independent);
        var tagged = (int)Math.Round(n * targets.DeclaredMergekit);
        var merges = Math.Min(n - independent, (int)Math.Round(tagged / TaggedMergeShare));
        var others = n - independent - merges;
        // Newer independent uploads document their training less (part of the scenario's falling provenance).
        _independentDeclareRate = 0.85 - 0.45 * Scenario.Progress(index);
        var othersDeclare = OthersDeclareRate(targets.DeclaredProvenance * n, independent, tagged, merges - tagged, others);

        var slots = new List<(UploadKind Kind, bool Tagged)>();
        var foundations = index == 0 ? FoundationBasesPerArchitecture * Architectures.Small.Count : 0; // part of month 0's independents
        slots.AddRange(Enumerable.Repeat((UploadKind.Independent, false), Math.Max(0, independent - foundations)));
        slots.AddRange(Enumerable.Range(0, merges).Select(i => (UploadKind.Merge, i < tagged)));
        slots.AddRange(Apportion(others).Select(k => (k, false)));
        Shuffle(slots);

        var times = UploadTimes(month, slots.Count + 2);
        if (index == 0)
            AddFoundationBases(times[0]);
        for (var i = 0; i < slots.Count; i++)
            Create(slots[i].Kind, times[i + 1], slots[i].Tagged, othersDeclare);

        // the virtual giants: two independently trained 70B bases, then the Rio-like merge of both
        if (index == Scenario.LeadInMonths + 2)
            AddGiantBase("aurora-labs", "Aurora-70B", Licenses.Apache, times[^1]);
        if (index == Scenario.LeadInMonths + 5)
            AddGiantBase("nexus-ai", "Nexa-N2-Pro-70B", Licenses.Other, times[^1]);
        if (last)
            AddRioLikeMerge(times[^1]);
    }

    /// <summary>
    /// The rate at which the other derivatives declare their base so the month's declared share meets the
    /// scenario, given that undeclared ones sometimes claim independent training (which counts as declaring).
    /// </summary>
    private double OthersDeclareRate(double declaredTarget, int independent, int tagged, int untagged, int others)
    {
        if (others == 0)
            return 0;
        var claims = OtherKinds.Sum(k => k.Weight * k.Kind switch
        {
            UploadKind.FineTune or UploadKind.LoraMerged or UploadKind.ContinuedPretraining => FineTuneFalseClaimRate,
            UploadKind.Obfuscated => DisguisedCopyFalseClaimRate,
            _ => 0,
        }) / OtherKinds.Sum(k => k.Weight);
        var rest = declaredTarget - independent * _independentDeclareRate - tagged * TaggedMergeDeclareRate - untagged * UntaggedMergeDeclareRate;
        return Math.Clamp((rest / others - claims) / (1 - claims), 0, 1);
    }

    private IEnumerable<UploadKind> Apportion(int count)
    {
        var exact = OtherKinds.Select(k => (k.Kind, Share: k.Weight * count)).ToList();
        var counts = exact.ToDictionary(e => e.Kind, e => (int)e.Share);
        foreach (var (kind, _) in exact.OrderByDescending(e => e.Share - (int)e.Share).Take(count - counts.Values.Sum()))
            counts[kind]++;
        return counts.SelectMany(c => Enumerable.Repeat(c.Key, c.Value));
    }

    private List<DateTimeOffset> UploadTimes(YearMonth month, int count)
    {
        var start = month.Start;
        var end = month.Next().Start < _now ? month.Next().Start : _now;
        var span = (end - start).TotalSeconds;
        return [.. Enumerable.Range(0, count).Select(_ => start.AddSeconds(Math.Floor(_random.NextDouble() * span))).Order()];
    }

    private void Create(UploadKind kind, DateTimeOffset at, bool tagged, double othersDeclare)
    {
        var created = kind switch
        {
            UploadKind.Independent => AddIndependent(at),
            UploadKind.Merge => AddMerge(at, tagged),
            _ => AddDerivative(kind, at, othersDeclare),
        };
        if (created is null)
            AddIndependent(at); // no suitable parent yet: an independent upload keeps the month's volume
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(double p) => _random.NextDouble() < p;

    private ulong NextWeightSeed() => _weightSeeds = CounterRandom.Mix(_weightSeeds);

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private string UniqueName(string author, string name)
    {
        var candidate = name;
        for (var v = 2; !_ids.Add($"{author}/{candidate}"); v++)
            candidate = $"{name}-v{v}";
        return candidate;
    }

    private Draft Register(Draft draft)
    {
        draft.Name = UniqueName(draft.Author, draft.Name);
        if (draft.Shards == 0)
            draft.Shards = Chance(0.25) ? 2 : 1;
        _drafts.Add(draft);
        return draft;
    }
}
