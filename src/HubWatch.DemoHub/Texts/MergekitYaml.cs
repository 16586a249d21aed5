using System.Text;
using HubWatch.DemoHub.Recipes;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Texts;

/// <summary>
/// mergekit_config.yml as mergekit users write it (the shapes of mergekit's examples and the real configs under
/// tests/): <c>models:</c> with per-model parameters, or <c>slices:</c> for slerp and passthrough.
/// </summary>
internal static class MergekitYaml
{
    public static string For(MergeRecipe merge, string dtype, int layers)
    {
        var yaml = new StringBuilder();
        if (merge.Method == "slerp")
        {
            yaml.AppendLine("slices:").AppendLine("  - sources:");
            foreach (var model in new[] { merge.Base!, merge.Models[0].Model })
                yaml.AppendLine($"      - model: {model}").AppendLine($"        layer_range: [0, {layers}]");
        }
        else
        {
            yaml.AppendLine("models:");
            if (merge.Base is not null)
                yaml.AppendLine($"  - model: {merge.Base}");
            foreach (var input in merge.Models)
            {
                yaml.AppendLine($"  - model: {input.Model}").AppendLine("    parameters:");
                if (input.Density is { } density && merge.Method != "task_arithmetic")
                    AppendValue(yaml, "      ", "density", density);
                AppendValue(yaml, "      ", "weight", input.Weight);
            }
        }
        yaml.AppendLine($"merge_method: {merge.Method}");
        if (merge.Base is not null)
            yaml.AppendLine($"base_model: {merge.Base}");
        if (merge.T is { } t)
        {
            yaml.AppendLine("parameters:");
            AppendValue(yaml, "  ", "t", t);
        }
        else if (merge.Method == "ties")
        {
            yaml.AppendLine("parameters:").AppendLine("  normalize: true");
        }
        yaml.Append($"dtype: {dtype}");
        return yaml.ToString();
    }

    public static string For(PassthroughRecipe passthrough, string dtype)
    {
        var yaml = new StringBuilder("slices:\n");
        foreach (var slice in passthrough.Slices)
            yaml.AppendLine("  - sources:").AppendLine($"      - model: {slice.Model}").AppendLine($"        layer_range: [{slice.Start}, {slice.End}]");
        return yaml.Append($"merge_method: passthrough\ndtype: {dtype}").ToString();
    }

    private static void AppendValue(StringBuilder yaml, string indent, string name, Gradient value)
    {
        if (value.Entries.Length == 1 && value.Entries[0].Filter is null)
        {
            var anchors = value.Entries[0].Value;
            yaml.AppendLine($"{indent}{name}: {(anchors.Length == 1 ? Yaml.Number(anchors[0]) : Yaml.Flow(anchors))}");
            return;
        }
        yaml.AppendLine($"{indent}{name}:");
        foreach (var entry in value.Entries)
        {
            var anchors = entry.Value.Length == 1 ? Yaml.Number(entry.Value[0]) : Yaml.Flow(entry.Value);
            yaml.AppendLine(entry.Filter is null ? $"{indent}  - value: {anchors}" : $"{indent}  - filter: {entry.Filter}\n{indent}    value: {anchors}");
        }
    }
}
