namespace HubWatch.Hub.Cards;

/// <summary>
/// Provenance stated in a card's Markdown body, by a few fixed phrases (case-insensitive). Deliberately simple:
/// it counts what a card says, not whether it is true, and a phrase in an unrelated sentence counts too.
/// </summary>
public static class CardProse
{
    /// <summary>"from scratch" also covers "trained from scratch" and "pre-trained from scratch".</summary>
    public static readonly IReadOnlyList<string> FromScratchPhrases = ["from scratch"];

    /// <summary>Sentences that name a parent: the Trainer's, mergekit's and quantisers' card templates write these.</summary>
    public static readonly IReadOnlyList<string> BaseInProsePhrases =
    [
        "fine-tuned version of",
        "finetuned version of",
        "merge of",
        "quantized version of",
        "quantised version of",
        "based on [",
    ];

    public static bool ClaimsFromScratch(string body) => ContainsAny(body, FromScratchPhrases);

    public static bool NamesBaseInProse(string body) => ContainsAny(body, BaseInProsePhrases);

    private static bool ContainsAny(string text, IReadOnlyList<string> phrases) =>
        phrases.Any(phrase => text.Contains(phrase, StringComparison.OrdinalIgnoreCase));
}
