using System.Text.Json;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Reference;


namespace Pipeline.Ingest;

/// <summary>
/// Loads finance's reference files (the <c>config</c> container, or local files for <c>config import</c>):
/// read with the same readers as drops (so the same CSV dialects work), validated all-or-nothing.
/// A file that cannot be read at all is reported as a single problem.
/// </summary>
public static class ReferenceDataLoader
{
    public const string PartnersBlob = "partners.csv";
    public const string FxPrefix = "fx/";
    public static string ProfileBlob(string partnerId) => $"partners/{partnerId}.json";

    /// <summary>The partner registry (<c>config/partners.csv</c>).</summary>
    /// <param name="printable">For an import: the characters statements print, so names they cannot print are refused.</param>
    public static async Task<ReferenceResult<PartnerRegistry>> LoadPartnersAsync(
        Stream csv, string fileName = PartnersBlob, IPrintableCharacters? printable = null, CancellationToken cancellationToken = default)
    {
        var (records, problem) = await ReadAllAsync(csv, fileName, RecordSchema.Partners, cancellationToken);
        return problem is not null ? new(null, [problem]) : ReferenceDataParser.Partners(records, printable);
    }

    /// <summary>One FX file (<c>config/fx/*.csv</c>); merge several with <see cref="MergeFx"/>.</summary>
    public static async Task<ReferenceResult<IReadOnlyList<FxRate>>> LoadFxRatesAsync(Stream csv, string fileName, CancellationToken cancellationToken = default)
    {
        var (records, problem) = await ReadAllAsync(csv, fileName, RecordSchema.FxRates, cancellationToken);
        return problem is not null ? new(null, [problem]) : ReferenceDataParser.FxRates(records);
    }

    /// <summary>The FX table from several files; a currency and date given twice across files is a problem.</summary>
    public static ReferenceResult<FxTable> MergeFx(IEnumerable<(string FileName, IReadOnlyList<FxRate> Rates)> files)
    {
        var problems = new List<string>();
        var seen = new Dictionary<(DateOnly, string), string>();
        var all = new List<FxRate>();
        foreach (var (fileName, rates) in files)
        {
            foreach (var r in rates)
            {
                if (seen.TryGetValue((r.Date, r.Currency), out var other))
                {
                    problems.Add($"{fileName}: {r.Currency} on {r.Date:yyyy-MM-dd} is also in {other}");
                    continue;
                }
                seen[(r.Date, r.Currency)] = fileName;
                all.Add(r);
            }
        }
        return problems.Count > 0 ? new(null, problems) : new(new FxTable(all), problems);
    }

    /// <summary>
    /// A partner profile (<c>config/partners/{partnerId}.json</c>):
    /// <c>{"headerAliases": {"Order No": "deal_id"}, "dateFormat": "dd/MM/yyyy", "decimalSeparator": ","}</c>.
    /// </summary>
    public static ReferenceResult<PartnerProfile> ParseProfile(ReadOnlySpan<byte> json)
    {
        ProfileDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, ProfileJsonContext.Default.ProfileDocument);
        }
        catch (JsonException e)
        {
            return new(null, [$"the profile is not valid JSON: {e.Message}"]);
        }
        if (doc is null) return new(null, ["the profile is empty"]);
        if (doc.DecimalSeparator is { Length: not 1 })
        {
            return new(null, [$"decimalSeparator '{doc.DecimalSeparator}' must be a single character, '.' or ','"]);
        }
        var profile = new PartnerProfile
        {
            HeaderAliases = doc.HeaderAliases ?? [],
            DateFormat = string.IsNullOrWhiteSpace(doc.DateFormat) ? null : doc.DateFormat,
            DecimalSeparator = doc.DecimalSeparator?[0] ?? '.',
        };
        var problems = profile.Validate();
        return problems.Count > 0 ? new(null, problems) : new(profile, problems);
    }

    private static async Task<(List<RawRecord> Records, string? Problem)> ReadAllAsync(
        Stream csv, string fileName, RecordSchema schema, CancellationToken cancellationToken)
    {
        var records = new List<RawRecord>();
        try
        {
            // Reference files are small (hundreds of rows): holding them is fine, unlike drops.
            await foreach (var r in DropReader.ReadAsync(csv, fileName, schema, null, IngestLimits.Default, cancellationToken)) records.Add(r.Snapshot());
            return (records, null);
        }
        catch (DropRejectedException e)
        {
            return (records, $"{fileName}: {e.Rejection.Reason}");
        }
    }
}

/// <summary>The JSON shape of a partner profile.</summary>
public sealed record ProfileDocument(Dictionary<string, string>? HeaderAliases, string? DateFormat, string? DecimalSeparator);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ProfileDocument))]
internal sealed partial class ProfileJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
