using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Truth;
using HubWatch.Domain.Lineage;

namespace HubWatch.DemoHub.Ecosystem;

/// <summary>A model while the planner builds it; becomes a <see cref="HubRepo"/> and a <see cref="ModelTruth"/>.</summary>
internal sealed class Draft
{
    public required string Author { get; init; }
    public required string Name { get; set; }
    public string Id => $"{Author}/{Name}";
    public required DateTimeOffset CreatedAt { get; set; }
    public required UploadKind Kind { get; init; }
    public required Architecture Architecture { get; set; }
    public WeightRecipe Recipe { get; set; } = null!;

    /// <summary>The independently trained ancestor whose deltas task-arithmetic merges of this family use.</summary>
    public Draft? FamilyBase { get; set; }

    /// <summary>Aligned with its family base element for element (permutation and reordering break that).</summary>
    public bool Aligned { get; set; } = true;

    /// <summary>Quantised files, copies and adapters are leaves: nobody builds on them here (as on the Hub, 99 %).</summary>
    public bool IsLeaf { get; set; }

    public double Popularity { get; set; } = 1;

    /// <summary>Number of safetensors shards (0 until the planner decides).</summary>
    public int Shards { get; set; }
    public string Encoding { get; set; } = "BF16";

    // truth
    public string Relation { get; set; } = Relations.Independent;
    public List<ParentShare> Parents { get; } = [];
    public string? Method { get; set; }
    public string? MergekitMethod { get; set; }
    public string? MergeBase { get; set; }
    public Dictionary<string, double[]> Coefficients { get; } = [];
    public List<string> Transforms { get; } = [];

    // licences: what it should carry (its parents') and what its card says
    public string? License { get; set; }
    public string[] ParentLicenses { get; set; } = [];
    public string? ConflictReason { get; set; }

    // declarations
    public string[] DeclaredBaseModels { get; set; } = [];
    public string? DeclaredRelation { get; set; }
    public bool MergekitTags { get; set; }
    public string? MergekitConfig { get; set; }
    public bool ClaimsIndependent { get; set; }
    public string[] Datasets { get; set; } = [];
    /// <summary>The card says where the weights come from — a base model, or training from scratch (true or not).</summary>
    public bool DeclaresProvenance => DeclaredBaseModels.Length > 0 || ClaimsIndependent;

    public List<RepoFile> Files { get; } = [];

    /// <summary>How its file names tensors when not as its transforms imply (an exporter's anonymous names).</summary>
    public TensorNaming? Naming { get; set; }

    /// <summary>Published without its lm_head (the backbone of an embedding-model export).</summary>
    public bool WithoutHead { get; set; }

    /// <summary>The realistic scenario's hard case this model stands for (<see cref="RealisticCases"/>), or null.</summary>
    public string? Case { get; set; }
    public string? RenamedFrom { get; set; }
    public bool BeforeTracking { get; init; }
}
