using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Reference;
using Xunit;

namespace Pipeline.Domain.Tests.Reference;

public sealed class ReferenceDataParserTests
{
    private static RawRecord R(long line, params string?[] values) => new(line, values);

    [Fact]
    public void A_valid_registry_loads_every_partner()
    {
        var result = ReferenceDataParser.Partners([
            R(2, "acme", "Acme Ltd", "reseller", "0", "250000", "2024-01-10", "active"),
            R(3, "zurich-media", "Zürich Média Ünion", "Agency", "15000.005", "0", "2024-09-15", "inactive"),
        ]);
        Assert.Empty(result.Problems);
        var zurich = result.Value!.Find("zurich-media")!;
        Assert.Equal(("Zürich Média Ünion", PartnerType.Agency, 15000.01m, PartnerStatus.Inactive), (zurich.Name, zurich.Type, zurich.BaseFee, zurich.Status));
    }

    [Fact]
    public void Every_problem_of_a_registry_is_listed_and_nothing_is_loaded()
    {
        var result = ReferenceDataParser.Partners([
            R(2, "acme", "Acme", "reseller", "0", "0", "2024-01-10", "active"),
            R(3, "acme", "Acme again", "wholesaler", "-1", "10", "yesterday", "gone"),
            R(4, "bad/id", "", "agency", "0", "0", "2024-01-01", "active"),
        ]);
        Assert.Null(result.Value);
        Assert.Contains("line 2: quarterly_target must be more than 0 for a reseller", result.Problems);
        Assert.Contains("line 3: partner_id 'acme' appears twice", result.Problems);
        Assert.Contains("line 3: type 'wholesaler' must be agency or reseller", result.Problems);
        Assert.Contains("line 3: base_fee '-1' must be an amount of zero or more", result.Problems);
        Assert.Contains("line 3: joined 'yesterday' is not a date (YYYY-MM-DD)", result.Problems);
        Assert.Contains("line 3: status 'gone' must be active or inactive", result.Problems);
        Assert.Contains("line 4: partner_id 'bad/id' must be 1–64 letters, digits, '-' or '_'", result.Problems);
        Assert.Contains("line 4: name is missing", result.Problems);
        Assert.Contains("line 4: base_fee must be more than 0 for an agency", result.Problems);
    }

    /// <summary>Characters of assigned, non-private code points outside the Linear B block: a coverage rule, not a list of answers.</summary>
    private sealed class AssignedOutsideLinearB : IPrintableCharacters
    {
        public bool CanPrint(int codePoint) =>
            codePoint is < 0x10000 or > 0x100FF
            && System.Text.Rune.GetUnicodeCategory(new System.Text.Rune(codePoint)) is not (System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned);
    }

    [Fact]
    public void An_import_refuses_a_name_with_characters_statements_cannot_print_naming_the_partner_and_the_characters()
    {
        var result = ReferenceDataParser.Partners([
            R(2, "sakura", "株式会社さくらパートナーズ 🌸", "agency", "15000", "0", "2024-01-10", "active"),
            R(3, "knossos", "Knossos 𐀀𐀁 Trading", "agency", "15000", "0", "2024-01-10", "active"),
            R(4, "private", "Acme \uE000\uE000 Ltd", "agency", "15000", "0", "2024-01-10", "active"),
        ], new AssignedOutsideLinearB());

        Assert.Null(result.Value);
        Assert.Equal(
            [
                "line 3: name of partner 'knossos' has characters that statements cannot print (no statement font has them): U+10000 '𐀀', U+10001 '𐀁'",
                "line 4: name of partner 'private' has characters that statements cannot print (no statement font has them): U+E000 '\uE000'",
            ],
            result.Problems);
    }

    [Fact]
    public void Reading_back_an_imported_registry_does_not_ask_about_fonts()
    {
        var result = ReferenceDataParser.Partners([R(2, "knossos", "Knossos 𐀀 Trading", "agency", "15000", "0", "2024-01-10", "active")]);

        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Fx_rates_are_validated_and_looked_up_at_or_before_a_date()
    {
        var result = ReferenceDataParser.FxRates([
            R(2, "2026-01-01", "EUR", "1.10"),
            R(3, "2026-02-01", "eur", "1.12"),
            R(4, "2026-01-01", "GBP", "1.25"),
        ]);
        var table = new FxTable(result.Value!);
        Assert.Equal(1.10m, table.RateOn("EUR", new DateOnly(2026, 1, 31)));
        Assert.Equal(1.12m, table.RateOn("EUR", new DateOnly(2026, 2, 1)));
        Assert.Null(table.RateOn("EUR", new DateOnly(2025, 12, 31)));
        Assert.Null(table.RateOn("JPY", new DateOnly(2026, 6, 1)));
        Assert.Equal(1m, table.RateOn("USD", new DateOnly(1999, 1, 1)));
    }

    [Fact]
    public void Bad_fx_rows_fail_the_import()
    {
        var result = ReferenceDataParser.FxRates([
            R(2, "2026-01-01", "EUR", "1.10"),
            R(3, "2026-01-01", "EUR", "1.11"),
            R(4, "2026-01-02", "EUX", "1.1"),
            R(5, "2026-01-02", "GBP", "0"),
            R(6, "2026-01-02", "GBP", "1.123456789"),
            R(7, "2026-01-02", "USD", "1.01"),
        ]);
        Assert.Null(result.Value);
        Assert.Equal([
            "line 3: EUR has two rates on 2026-01-01",
            "line 4: currency 'EUX' is not an ISO 4217 code",
            "line 5: usd_per_unit '0' must be a number above 0",
            "line 6: usd_per_unit '1.123456789' has more than 8 decimal places (the lake keeps 8)",
            "line 7: usd_per_unit of USD must be 1",
        ], result.Problems);
    }

    [Fact]
    public void A_profile_with_an_alias_to_an_unknown_column_or_an_unreadable_date_format_is_invalid()
    {
        var profile = new PartnerProfile
        {
            HeaderAliases = new Dictionary<string, string> { ["Order"] = "order_id" },
            DateFormat = "dd/MM",
            DecimalSeparator = ';',
        };
        var problems = profile.Validate();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'order_id', which is not a column", StringComparison.Ordinal));
        Assert.Empty(new PartnerProfile { DateFormat = "dd/MM/yyyy", DecimalSeparator = ',' }.Validate());
    }
}
