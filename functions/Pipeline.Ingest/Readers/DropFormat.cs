namespace Pipeline.Ingest;

/// <summary>The file formats a partner may drop.</summary>
public enum DropFormat
{
    Csv,
    JsonLines,
    JsonArray,
}
