namespace HubWatch.Formats.Reading;

/// <summary>A remote read would fetch more bytes than the caller allowed for this file.</summary>
public sealed class ByteBudgetExceededException : Exception
{
    public ByteBudgetExceededException(string message)
        : base(message)
    {
    }

    public ByteBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ByteBudgetExceededException()
    {
    }
}
