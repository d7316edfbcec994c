using System.Globalization;
using System.Text;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Reference;
using Pipeline.Domain;
using Pipeline.Domain.Deals;

namespace Pipeline.Dev.Samples;

/// <summary>A file of the sample data set: the container it goes to and its blob name there.</summary>
public sealed record SampleFile(string Container, string BlobName, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>
/// Deterministic demo data (same seed → same bytes): a partner registry with agencies and resellers, FX rates
/// for 2025–2026, four quarters of deals and metrics drops per partner (2025Q4..2026Q3), a few deliberately
/// bad rows, one bad file, a partner whose files need a profile (';' separator, dd.MM.yyyy dates, decimal
/// comma, German headers), and one deal_id reported by two resellers in the same quarter (duplicate_deal).
/// Pure: it returns bytes; writing them to Azurite or disk is the caller's business.
/// </summary>
public sealed class SampleDataGenerator(int seed = 2026)
{
    public static readonly IReadOnlyList<Quarter> Quarters = [new(2025, 4), new(2026, 1), new(2026, 2), new(2026, 3)];

    public static readonly IReadOnlyList<Partner> Partners =
    [
        new("northwind-creative", "Northwind Creative", PartnerType.Agency, 20_000m, 0m, new DateOnly(2023, 3, 1), PartnerStatus.Active),
        new("zurich-media", "Zürich Média Ünion", PartnerType.Agency, 15_000m, 0m, new DateOnly(2024, 9, 15), PartnerStatus.Active),
        new("fjord-digital", "Fjord Digital AS", PartnerType.Agency, 12_500m, 0m, new DateOnly(2025, 6, 1), PartnerStatus.Active),
        new("contoso-resale", "Contoso Resale Ltd", PartnerType.Reseller, 0m, 250_000m, new DateOnly(2022, 1, 10), PartnerStatus.Active),
        new("fabrikam-distribution", "Fabrikam Distribution GmbH", PartnerType.Reseller, 0m, 400_000m, new DateOnly(2025, 2, 1), PartnerStatus.Active),
        new("tailspin-systems", "Tailspin Systems, Inc.", PartnerType.Reseller, 0m, 150_000m, new DateOnly(2024, 4, 1), PartnerStatus.Active),
    ];

    /// <summary>The partner whose files use a profile.</summary>
    public const string ProfiledPartner = "zurich-media";

    /// <summary>The deal id that two resellers both report in 2026Q2.</summary>
    public const string DuplicateDealId = "SHARED-2026Q2-001";

    private static readonly string[] Products = ["Analytics Suite", "Data Gateway", "Edge Sensor Kit", "Support Plan \"Gold\"", "Cloud Seats, annual"];

    public IReadOnlyList<SampleFile> Generate()
    {
        var files = new List<SampleFile>
        {
            new("config", "partners.csv", Utf8(PartnersCsv())),
            new("config", "fx/2025.csv", Utf8(FxCsv(2025))),
            new("config", "fx/2026.csv", Utf8(FxCsv(2026))),
            new("config", $"partners/{ProfiledPartner}.json", Utf8(
                """{"headerAliases": {"Datum": "date", "Kennzahl": "metric", "Wert": "value"}, "dateFormat": "dd.MM.yyyy", "decimalSeparator": ","}""")),
        };
        foreach (var partner in Partners)
        {
            var random = new Random(HashCode(partner.PartnerId) ^ seed);
            foreach (var quarter in Quarters)
            {
                if (partner.Type == PartnerType.Reseller)
                {
                    files.Add(new("drops", $"{partner.PartnerId}/deals/{quarter}.csv", Utf8(DealsCsv(partner, quarter, random))));
                }
                files.Add(new("drops", $"{partner.PartnerId}/metrics/{quarter}.csv", Utf8(MetricsCsv(partner, quarter, random))));
            }
        }
        // The one bad file: a deals export without the net_amount column (rejected as a whole).
        files.Add(new("drops", "tailspin-systems/deals/2026Q3-missing-column.csv", Utf8(
            "deal_id,close_date,customer_id,product,quantity,list_amount,currency\r\nTS-X-1,2026-08-03,C-77,Data Gateway,1,1200.00,USD\r\n")));
        return files;
    }

    public static string PartnersCsv()
    {
        var sb = new StringBuilder("partner_id,name,type,base_fee,quarterly_target,joined,status\r\n");
        foreach (var p in Partners)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{p.PartnerId},{Quote(p.Name)},{PartnerTypes.Name(p.Type)},{p.BaseFee:0.00},{p.QuarterlyTarget:0.00},{p.Joined:yyyy-MM-dd},active\r\n");
        }
        return sb.ToString();
    }

    /// <summary>Daily rates for EUR and GBP over a year (a gentle deterministic walk), and USD at 1.</summary>
    public string FxCsv(int year)
    {
        var random = new Random(seed + year);
        // USD is 1 by definition (the table needs no rows for it); one row says so for readers of the file.
        var sb = new StringBuilder("date,currency,usd_per_unit\r\n").Append(CultureInfo.InvariantCulture, $"{year}-01-01,USD,1.0000\r\n");
        decimal eur = year == 2025 ? 1.0400m : 1.1000m, gbp = year == 2025 ? 1.2500m : 1.3000m;
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            eur = Math.Round(eur + (decimal)(random.NextDouble() - 0.495) * 0.004m, 4, MidpointRounding.AwayFromZero);
            gbp = Math.Round(gbp + (decimal)(random.NextDouble() - 0.495) * 0.004m, 4, MidpointRounding.AwayFromZero);
            sb.Append(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd},EUR,{eur:0.0000}\r\n{d:yyyy-MM-dd},GBP,{gbp:0.0000}\r\n");
        }
        return sb.ToString();
    }

    private static string DealsCsv(Partner partner, Quarter quarter, Random random)
    {
        var sb = new StringBuilder("deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date\r\n");
        var prefix = string.Concat(partner.PartnerId.Split('-').Select(w => char.ToUpperInvariant(w[0])));
        var count = 30 + random.Next(30);
        var days = quarter.End.DayNumber - quarter.Start.DayNumber + 1;
        for (var i = 1; i <= count; i++)
        {
            var close = quarter.Start.AddDays(random.Next(days));
            var list = Math.Round(1_000m + (decimal)random.NextDouble() * 14_000m, 2);
            var discount = random.Next(10) == 0 ? 0.32m + (decimal)random.NextDouble() * 0.1m : (decimal)random.NextDouble() * 0.25m;
            var net = Math.Round(list * (1 - discount), 2, MidpointRounding.AwayFromZero);
            var currency = (random.Next(6)) switch { 0 => "EUR", 1 => "GBP", _ => "USD" };
            var refunded = random.Next(15) == 0;
            var refund = refunded ? close.AddDays(5 + random.Next(60)) : (DateOnly?)null;
            var id = $"{prefix}-{quarter}-{i:000}";
            sb.Append(CultureInfo.InvariantCulture,
                $"{id},{close:yyyy-MM-dd},C-{random.Next(1, 40):000},{Quote(Products[random.Next(Products.Length)])},{1 + random.Next(5)},{list:0.00},{net:0.00},{currency},{(refunded ? DealStatuses.Refunded : DealStatuses.Won)},{refund:yyyy-MM-dd}\r\n");
        }

        if (quarter == new Quarter(2026, 2) && partner.PartnerId is "contoso-resale" or "fabrikam-distribution")
        {
            sb.Append(CultureInfo.InvariantCulture, $"{DuplicateDealId},2026-05-20,C-900,Analytics Suite,3,9000.00,8100.00,USD,won,\r\n");
        }
        if (quarter == new Quarter(2026, 1) && partner.PartnerId == "contoso-resale")
        {
            // Deliberately bad rows: each is rejected with its reason in the feedback report.
            sb.Append("CR-BAD-1,2026-02-30,C-001,Data Gateway,1,500.00,450.00,USD,won,\r\n");
            sb.Append("CR-BAD-2,2026-03-02,C-002,Data Gateway,1,500.00,-450.00,USD,won,\r\n");
            sb.Append("CR-BAD-3,2026-03-03,C-003,Data Gateway,1,500.00,450.00,USD,refunded,\r\n");
            sb.Append("CR-BAD-4,2026-03-04,C-004,\"=HYPERLINK(\"\"http://example.invalid\"\")\",1,500.00,abc,XYZ,won,\r\n");
        }
        return sb.ToString();
    }

    private static string MetricsCsv(Partner partner, Quarter quarter, Random random)
    {
        var profiled = partner.PartnerId == ProfiledPartner;
        var sep = profiled ? ";" : ",";
        var sb = new StringBuilder(profiled ? "Datum;Kennzahl;Wert\r\n" : "date,metric,value\r\n");
        // Each agency has a quality level that drifts over the quarters, so tiers differ between partners and quarters.
        var quality = 0.85 + 0.1 * (HashCode(partner.PartnerId) % 5) + 0.05 * (quarter.Number % 3) - 0.1 * (random.NextDouble());
        for (var week = 0; week < 13; week++)
        {
            var date = quarter.Start.AddDays(7 * week);
            void Add(string metric, string value) =>
                sb.Append(profiled ? date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                  .Append(sep).Append(metric).Append(sep).Append(profiled ? value.Replace('.', ',') : value).Append("\r\n");

            if (partner.Type == PartnerType.Agency)
            {
                Add("engagement_rate", Fraction(0.25 * quality * (0.9 + 0.2 * random.NextDouble())));
                // Half of the weeks report conversion as a percentage, as partners do.
                var conversion = 0.025 * quality * (0.9 + 0.2 * random.NextDouble());
                Add("conversion_rate", week % 2 == 0 ? Fraction(conversion) : (conversion * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%");
                Add("on_time_rate", Fraction(Math.Min(1, 0.9 * quality * (0.95 + 0.1 * random.NextDouble()))));
                Add("response_hours", (8 + 30 * random.NextDouble() / quality).ToString("0.0", CultureInfo.InvariantCulture));
            }
            else
            {
                Add("csat", (3.4 + 1.5 * random.NextDouble()).ToString("0.0", CultureInfo.InvariantCulture));
            }
        }
        if (partner.PartnerId == "northwind-creative" && quarter == new Quarter(2025, 4))
        {
            sb.Append("2025-11-03,engagement_rate,250\r\n");    // a bare number above 1: rejected
            sb.Append("2025-11-03,nps,42\r\n");                 // not a metric we know: rejected
        }
        return sb.ToString();
    }

    /// <summary>
    /// Streams a large deals CSV (for the benchmark) without holding it: <paramref name="rows"/> rows across
    /// 2026Q3, a mix of currencies, about 2% refunds, all valid.
    /// </summary>
    public static void WriteLargeDealsCsv(Stream output, int rows, int seed = 1)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write("deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date\n");
        var start = new DateOnly(2026, 7, 1);
        Span<char> buffer = stackalloc char[256];
        for (var i = 0; i < rows; i++)
        {
            var close = start.AddDays(random.Next(92));
            var listCents = 10_000 + random.Next(2_000_000);
            var netCents = listCents - random.Next(listCents / 3);
            var currency = (i % 10) switch { 0 => "EUR", 1 => "GBP", _ => "USD" };
            var refunded = i % 50 == 0;
            var ok = buffer.TryWrite(CultureInfo.InvariantCulture,
                $"BENCH-{i:D8},{close:yyyy-MM-dd},C-{i % 5000:D5},{Products[i % 3]},{1 + i % 7},{listCents / 100}.{listCents % 100:D2},{netCents / 100}.{netCents % 100:D2},{currency},{(refunded ? DealStatuses.Refunded : DealStatuses.Won)},{(refunded ? close.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}\n",
                out var written);
            if (!ok) throw new InvalidOperationException("row buffer too small");
            writer.Write(buffer[..written]);
        }
    }

    /// <summary>The FX rates of <see cref="FxCsv"/>, parsed, for tests and the benchmark.</summary>
    public FxTable FxTable()
    {
        var rates = new List<FxRate>();
        foreach (var year in new[] { 2025, 2026 })
        {
            foreach (var line in FxCsv(year).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
            {
                var f = line.Split(',');
                rates.Add(new FxRate(DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[1], decimal.Parse(f[2], CultureInfo.InvariantCulture)));
            }
        }
        return new FxTable(rates);
    }

    private static string Fraction(double value) => Math.Max(0, value).ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // string.GetHashCode is randomised per process; this one is stable.
    private static int HashCode(string text)
    {
        var h = 17;
        foreach (var c in text) h = unchecked(h * 31 + c);
        return h & 0x7FFFFFFF;
    }
}
