using System.Globalization;
using Pipeline.Domain;

namespace Pipeline.Close;

/// <summary>Blob names of a close's working files in the <see cref="Names.Closes"/> container.</summary>
public static class ClosePaths
{
    public static string Manifest(Quarter q) => $"{q}/manifest.json";
    public static string Holds(Quarter q) => $"{q}/holds.json";
    public static string Batch(Quarter q, int index) => string.Create(CultureInfo.InvariantCulture, $"{q}/results/batch-{index:D4}.json");
    public static string Anomalies(Quarter q) => $"{q}/anomalies.json";
    public static string Duplicates(Quarter q) => $"{q}/duplicates.json";
    public static string BatchFindings(Quarter q, int index) => string.Create(CultureInfo.InvariantCulture, $"{q}/findings/batch-{index:D4}.json");
    public static string Notification(Quarter q, string kind) => $"{q}/notifications/{kind}.json";
}
