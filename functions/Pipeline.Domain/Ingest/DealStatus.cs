namespace Pipeline.Domain.Ingest;

/// <summary>A deal's state as the partner reports it; <c>won</c> when the file says nothing.</summary>
public enum DealStatus
{
    Won,
    Refunded,
}
