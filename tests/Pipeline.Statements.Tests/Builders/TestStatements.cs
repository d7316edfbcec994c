using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Statements;

namespace Pipeline.Statements.Tests.Builders;

/// <summary>Shortcuts from a payout result to a built statement.</summary>
public static class TestStatements
{
    public static StatementInput InputFor(PayoutResult result) =>
        new() { Result = result, Partner = PartnerOf(result) };

    /// <summary>The registry entry matching a result: base fee 20,000 for agencies, target 250,000 for resellers.</summary>
    public static Partner PartnerOf(PayoutResult result) =>
        result.PartnerType == "agency"
            ? new Partner(result.PartnerId, result.PartnerName, PartnerType.Agency, 20_000m, 0m, new DateOnly(2025, 1, 6))
            : new Partner(result.PartnerId, result.PartnerName, PartnerType.Reseller, 0m, 250_000m, new DateOnly(2024, 3, 18));

    public static Statement For(PayoutResult result) => StatementBuilder.Build(InputFor(result));

    /// <summary>An agency statement with a typical spread of lines, an advance and a prior-period adjustment.</summary>
    public static PayoutResult TypicalAgency(string name = "Zürich Média Ünion") =>
        PayoutResultBuilder.Agency()
            .Partner("AG-0042", name)
            .Tier("above")
            .Metric("engagement_rate", 0.31m, 0.25m, 0.4m)
            .Metric("conversion_rate", 0.0305m, 0.025m, 0.4m)
            .Metric("on_time_rate", 0.95m, 0.90m, 0.2m)
            .Line("base", "Base fee, tier above", 20_000m, 1m)
            .Line("performance-bonus", "Performance bonus", 20_000m, 0.1357m)
            .Line("sustained-performance", "Streak of 3", 2_714.00m, 0.10m)
            .Line("responsiveness", "Mean response 18.5 h", 20_000m, 0.02m)
            .Line("prior-period-adjustment", "2026Q2 recalculated", 350.00m, 1m)
            .Advance(12_000m)
            .Build();

    /// <summary>A reseller with bands, eroded deals and a clawback (a negative line).</summary>
    public static PayoutResult TypicalReseller() =>
        PayoutResultBuilder.Reseller()
            .Partner("RS-0107", "Nordic Reach Resellers Oy")
            .Revenue(312_480m)
            .Line("band", "Band 0 – 0.8 T", 200_000m, 0.08m)
            .Line("band", "Band 0.8 T – 1.0 T", 50_000m, 0.10m)
            .Line("band", "Band 1.0 T – 1.5 T", 62_480m, 0.14m)
            .Line("eroded-deals", "3 eroded deals", 18_400m, 0.04m)
            .Line("clawback", "Deal D-1043 refunded", 12_500m, 0.0931m, -1_163.75m)
            .Build();
}
