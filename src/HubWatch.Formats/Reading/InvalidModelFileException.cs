namespace HubWatch.Formats.Reading;

/// <summary>The file breaks a rule of its format; the message is a one-line reason fit for a report.</summary>
public sealed class InvalidModelFileException : Exception
{
    public InvalidModelFileException(string message)
        : base(message)
    {
    }

    public InvalidModelFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidModelFileException()
    {
    }
}
