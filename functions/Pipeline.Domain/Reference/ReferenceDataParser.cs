using System.Globalization;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Reference;

/// <summary>
/// Validates finance's reference files (partner registry, FX rates) record by record. Unlike a partner drop,
/// a reference file is all or nothing: one bad row fails the import and every problem is listed, because a
/// half-loaded registry or rate table would silently change payouts.
/// </summary>
public static class ReferenceDataParser
{
    /// <param name="printable">The characters statements print (the statement fonts). An import passes it, so a name
    /// that would print as empty boxes is refused; reading back a registry that was imported passes null.</param>
    public static ReferenceResult<PartnerRegistry> Partners(IEnumerable<RawRecord> records, IPrintableCharacters? printable = null)
    {
        var problems = new List<string>();
        var partners = new List<Partner>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parse = new FieldParser(null);
        foreach (var r in records)
        {
            var before = problems.Count;
            void Fail(string message) => problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {r.Line}: {message}"));
            if (r.Defect is { } d) Fail(d.Reason);
            var v = r.Values;
            var id = v[0]?.Trim() ?? "";
            if (!PartnerId.IsValid(id)) Fail($"partner_id '{DisplayValue.Truncate(id)}' must be 1–64 letters, digits, '-' or '_'");
            else if (!seen.Add(id)) Fail($"partner_id '{id}' appears twice");
            var name = v[1]?.Trim() ?? "";
            if (name.Length == 0) Fail("name is missing");
            else if (printable is not null && Unprintable(name, printable) is { Count: > 0 } unprintable)
                Fail($"name of partner '{DisplayValue.Truncate(id)}' has characters that statements cannot print (no statement font has them): {string.Join(", ", unprintable)}");
            PartnerType? type = (v[2]?.Trim().ToLowerInvariant()) switch
            {
                PartnerTypes.Agency => PartnerType.Agency,
                PartnerTypes.Reseller => PartnerType.Reseller,
                _ => null,
            };
            if (type is null) Fail($"type '{DisplayValue.Truncate(v[2])}' must be agency or reseller");
            var baseFee = NonNegative("base_fee", v[3], parse, Fail);
            var target = NonNegative("quarterly_target", v[4], parse, Fail);
            if (type == PartnerType.Agency && baseFee == 0) Fail("base_fee must be more than 0 for an agency");
            if (type == PartnerType.Reseller && target == 0) Fail("quarterly_target must be more than 0 for a reseller");
            DateOnly joined = default;
            if (v[5] is null || !parse.TryDate(v[5]!, out joined)) Fail($"joined '{DisplayValue.Truncate(v[5])}' is not a date (YYYY-MM-DD)");
            PartnerStatus? status = (v[6]?.Trim().ToLowerInvariant()) switch
            {
                "active" => PartnerStatus.Active,
                "inactive" => PartnerStatus.Inactive,
                _ => null,
            };
            if (status is null) Fail($"status '{DisplayValue.Truncate(v[6])}' must be active or inactive");
            if (problems.Count == before)
            {
                partners.Add(new Partner(id, name, type!.Value, baseFee!.Value, target!.Value, joined, status!.Value));
            }
        }
        if (problems.Count == 0 && partners.Count == 0) problems.Add("the partner registry has no partners");
        return problems.Count > 0 ? new(null, problems) : new(new PartnerRegistry(partners), problems);
    }

    public static ReferenceResult<IReadOnlyList<FxRate>> FxRates(IEnumerable<RawRecord> records)
    {
        var problems = new List<string>();
        var rates = new List<FxRate>();
        var seen = new HashSet<(DateOnly, string)>();
        var parse = new FieldParser(null);
        foreach (var r in records)
        {
            var before = problems.Count;
            void Fail(string message) => problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {r.Line}: {message}"));
            if (r.Defect is { } d) Fail(d.Reason);
            var v = r.Values;
            DateOnly date = default;
            if (v[0] is null || !parse.TryDate(v[0]!, out date)) Fail($"date '{DisplayValue.Truncate(v[0])}' is not a date (YYYY-MM-DD)");
            var currency = v[1]?.Trim().ToUpperInvariant() ?? "";
            if (!Currencies.IsIso4217(currency)) Fail($"currency '{DisplayValue.Truncate(v[1])}' is not an ISO 4217 code");
            decimal rate = 0;
            if (v[2] is null || !parse.TryDecimal(v[2]!, out rate) || rate <= 0) Fail($"usd_per_unit '{DisplayValue.Truncate(v[2])}' must be a number above 0");
            else if (rate.Scale > 8) Fail($"usd_per_unit '{v[2]!.Trim()}' has more than 8 decimal places (the lake keeps 8)");
            else if (currency == Currencies.Usd && rate != 1) Fail("usd_per_unit of USD must be 1");
            if (problems.Count == before && !seen.Add((date, currency)))
            {
                Fail($"{currency} has two rates on {date:yyyy-MM-dd}");
            }
            if (problems.Count == before) rates.Add(new FxRate(date, currency, rate));
        }
        return problems.Count > 0 ? new(null, problems) : new(rates, problems);
    }

    /// <summary>Each character of the name that no statement font prints, once, as "U+10000 '𐀀'".</summary>
    private static List<string> Unprintable(string name, IPrintableCharacters printable) =>
        name.EnumerateRunes()
            .Where(r => !printable.CanPrint(r.Value))
            .Distinct()
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"U+{r.Value:X4} '{r}'"))
            .ToList();

    private static decimal? NonNegative(string column, string? raw, FieldParser parse, Action<string> fail)
    {
        if (raw is null || !parse.TryDecimal(raw, out var value) || value < 0)
        {
            fail($"{column} '{DisplayValue.Truncate(raw)}' must be an amount of zero or more");
            return null;
        }
        return Money.Cents(value);
    }
}

/// <summary>The loaded data, or (when <see cref="Value"/> is null) every problem found.</summary>
public sealed record ReferenceResult<T>(T? Value, IReadOnlyList<string> Problems) where T : class;
