namespace HubWatch.Formats.Reading;

/// <summary>
/// Bytes one model may cost over the wire, shared by all its files: headers, shards and bytes a server sent past
/// the asked range all draw from it. Thread-safe, so shards may be read at once.
/// </summary>
public sealed class ByteBudget
{
    private long _spent;

    public ByteBudget(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Bytes = bytes;
    }

    /// <summary>Room for headers above the data a sample reads: a safetensors header may be 100 MB by the format's rules.</summary>
    public const long HeaderAllowance = 100L << 20;

    /// <summary>What sampling one model may cost: <paramref name="dataBytes"/> of tensor data plus the headers of all its files.</summary>
    public static ByteBudget ForSample(long dataBytes) => new(dataBytes + HeaderAllowance);

    public long Bytes { get; }

    public long Spent => Interlocked.Read(ref _spent);

    public long Left => Bytes - Spent;

    /// <summary>Takes up to <paramref name="wanted"/> bytes; returns how many were granted (0 once spent).</summary>
    public int Take(int wanted)
    {
        while (true)
        {
            var spent = Interlocked.Read(ref _spent);
            var granted = (int)Math.Min(wanted, Math.Max(0, Bytes - spent));
            if (granted == 0 || Interlocked.CompareExchange(ref _spent, spent + granted, spent) == spent)
                return granted;
        }
    }

    /// <summary>Gives back bytes taken but not received (a read that returned fewer).</summary>
    public void Return(int unused) => Interlocked.Add(ref _spent, -unused);
}
