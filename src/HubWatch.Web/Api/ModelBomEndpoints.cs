using System.Text.Json;
using HubWatch.Application.Exports;
using HubWatch.Application.Models;
using HubWatch.Hub;

namespace HubWatch.Web.Api;

/// <summary><c>/api/models/{id}/sbom</c>: a model's CycloneDX 1.6 ML-BOM, as a download.</summary>
internal static class ModelBomEndpoints
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <remarks>
    /// Routing prefers the literal <c>sbom</c> to a parameter, so <c>/models/{name}/sbom</c> also matches a
    /// two-segment id whose name is "sbom": when no legacy model <c>name</c> exists, that model is answered as before.
    /// </remarks>
    public static RouteGroupBuilder MapModelBoms(this RouteGroupBuilder api)
    {
        api.MapGet("/models/{author}/{name}/sbom", async (string author, string name, ModelExports exports, HubSource hub, TimeProvider clock, CancellationToken ct) =>
            await Bom($"{author}/{name}", exports, hub, clock, ct) ?? NotFound($"{author}/{name}"));
        api.MapGet("/models/{name}/sbom", async (string name, ModelExports exports, ModelDetails details, HubSource hub, TimeProvider clock, CancellationToken ct) =>
            await Bom(name, exports, hub, clock, ct)
            ?? (await details.GetAsync($"{name}/sbom", ct) is { } shadowed ? Results.Ok(shadowed) : NotFound(name)));
        return api;
    }

    /// <returns>Null when no model has this id.</returns>
    private static async Task<IResult?> Bom(string id, ModelExports exports, HubSource hub, TimeProvider clock, CancellationToken ct)
    {
        if (await exports.GetAsync(id, ct) is not { } export)
            return null;
        var json = JsonSerializer.SerializeToUtf8Bytes(ModelBom.Build(export, hub, clock.GetUtcNow()), Indented);
        return Results.File(json, ModelBom.MediaType, ModelBom.FileName(id));
    }

    private static IResult NotFound(string id) => Results.Problem($"no model '{id}' is known here.", statusCode: StatusCodes.Status404NotFound);
}
