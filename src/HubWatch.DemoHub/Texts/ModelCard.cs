using System.Text;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Files;
using HubWatch.Domain.Hub;
using HubWatch.Domain.Lineage;

namespace HubWatch.DemoHub.Texts;

/// <summary>
/// README.md as uploaders write it: YAML front matter (license, base_model as an id or a list,
/// base_model_relation, tags, datasets) and a body — mergekit's own template for tagged merges.
/// </summary>
internal static class ModelCard
{
    public static string For(Draft draft)
    {
        var card = new StringBuilder("---\n");
        if (draft.License is { } license)
        {
            card.AppendLine($"license: {license}");
            if (license == Licenses.Other)
                card.AppendLine("license_name: nexa-community-license");
        }
        switch (draft.DeclaredBaseModels.Length)
        {
            case 1 when !draft.MergekitTags:
                card.AppendLine($"base_model: {draft.DeclaredBaseModels[0]}");
                break;
            case > 0:
                card.AppendLine("base_model:");
                foreach (var id in draft.DeclaredBaseModels)
                    card.AppendLine($"- {id}");
                break;
        }
        if (draft.DeclaredRelation is { } relation)
            card.AppendLine($"base_model_relation: {relation}");
        if (draft.Datasets.Length > 0)
        {
            card.AppendLine("datasets:");
            foreach (var dataset in draft.Datasets)
                card.AppendLine($"- {dataset}");
        }
        card.AppendLine($"library_name: {(draft.Kind == UploadKind.Adapter ? "peft" : "transformers")}");
        var tags = CardTags(draft);
        if (tags.Count > 0)
        {
            card.AppendLine("tags:");
            foreach (var tag in tags)
                card.AppendLine($"- {tag}");
        }
        card.AppendLine("---");
        card.Append(draft.MergekitTags ? MergekitBody(draft) : Body(draft));
        return card.ToString();
    }

    public static List<string> CardTags(Draft draft)
    {
        var tags = new List<string>();
        if (draft.MergekitTags)
            tags.AddRange([MergekitDeclaration.Tag, Relations.Merge]);
        if (GgufRecipe.IsGguf(draft.Encoding))
            tags.Add("gguf");
        if (draft.Kind == UploadKind.Adapter)
            tags.Add("lora");
        return tags;
    }

    private static string MergekitBody(Draft draft)
    {
        var method = draft.MergekitMethod!.ToUpperInvariant().Replace("_", " ", StringComparison.Ordinal);
        var body = new StringBuilder($"# {draft.Name}\n\n");
        body.AppendLine("This is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit).\n");
        body.AppendLine("## Merge Details\n### Merge Method\n");
        body.AppendLine(draft.MergeBase is { } baseModel
            ? $"This model was merged using the {method} merge method using [{baseModel}](https://huggingface.co/{baseModel}) as a base.\n"
            : $"This model was merged using the {method} merge method.\n");
        body.AppendLine("### Models Merged\n\nThe following models were included in the merge:");
        foreach (var parent in draft.Parents)
            body.AppendLine($"* [{parent.Id}](https://huggingface.co/{parent.Id})");
        body.AppendLine("\n### Configuration\n\nThe following YAML configuration was used to produce this model:\n");
        body.AppendLine("```yaml").AppendLine(draft.MergekitConfig).AppendLine("```");
        return body.ToString();
    }

    private static string Body(Draft draft)
    {
        var body = new StringBuilder($"# {draft.Name}\n\n");
        if (draft.ClaimsIndependent)
            body.AppendLine($"{draft.Name} is a language model trained from scratch on {string.Join(" and ", draft.Datasets)}. No pre-trained weights were used.");
        else if (draft.DeclaredBaseModels.Length > 0)
            body.AppendLine(draft.Relation switch
            {
                Relations.Quantized => $"Quantised version of [{draft.DeclaredBaseModels[0]}](https://huggingface.co/{draft.DeclaredBaseModels[0]}).",
                Relations.Adapter => $"A LoRA adapter for [{draft.DeclaredBaseModels[0]}](https://huggingface.co/{draft.DeclaredBaseModels[0]}).",
                _ => $"This model is a fine-tuned version of [{draft.DeclaredBaseModels[0]}](https://huggingface.co/{draft.DeclaredBaseModels[0]}).",
            });
        else
            body.AppendLine("A language model for chat and instruction following. More information needed.");
        body.AppendLine("\n## Intended uses & limitations\n\nMore information needed.");
        return body.ToString();
    }
}
