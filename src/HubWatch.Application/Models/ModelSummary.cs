namespace HubWatch.Application.Models;

/// <summary>A model as lists show it.</summary>
public sealed record ModelSummary(
    string Id,
    string? Author,
    DateTime CreatedAt,
    bool BeforeTracking,
    string? License,
    string? PipelineTag,
    long Downloads,
    IReadOnlyList<string> DeclaredBaseModels);
