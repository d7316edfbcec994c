using Pipeline.Domain;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Statements;

namespace Pipeline.Dev.Samples;

/// <summary>
/// Two hand-computed statements under the reference program, for the
/// benchmark, the sample pages in docs/ and a local look. Every figure follows the rounding rules, so
/// they double as worked examples.
/// </summary>
public static class StatementSamples
{
    public static readonly Quarter Quarter = new(2026, 3);

    /// <summary>
    /// Agency, base fee 20,000, tier above: A = 0.4×1.24 + 0.4×1.22 + 0.2×1.0556 = 1.1951, so
    /// r = 0.10 + 0.15 × (1.1951 − 1.10) / 0.40 = 0.1357; third quarter in a row (sustained 10%); response 18.5 h.
    /// </summary>
    public static StatementInput Agency(string partnerId = "AG-0042", string name = "Zürich Média Ünion AG") => new()
    {
        Result = new PayoutResult
        {
            PartnerId = partnerId,
            PartnerName = name,
            PartnerType = PartnerTypes.Agency,
            PlanId = "performance-partnership",
            ProgramVersion = "2026.1",
            Quarter = Quarter,
            Tier = "above",
            Attainment = 1.1951m,
            Streak = 3,
            Scorecard =
            [
                new("engagement_rate", 0.31m, 0.25m, 1.24m, 0.4m, ""),
                new("conversion_rate", 0.0305m, 0.025m, 1.22m, 0.4m, ""),
                new("on_time_rate", 0.95m, 0.90m, 1.0556m, 0.2m, ""),
                new("response_hours", 18.5m, 24m, null, 0m, "≤ 24 h: responsiveness bonus"),
            ],
            Lines =
            [
                new("base", "Base fee, tier above", 20_000m, 1m, 20_000.00m, "20,000.00 × 100%"),
                new("performance-bonus", "Performance bonus at A = 1.1951", 20_000m, 0.1357m, 2_714.00m, "20,000.00 × 13.57%"),
                new("sustained-performance", "3 quarters in a row at or above", 2_714.00m, 0.10m, 271.40m, "2,714.00 × 10%"),
                new("responsiveness", "Mean response 18.5 h ≤ 24 h", 20_000m, 0.02m, 400.00m, "20,000.00 × 2%"),
                new("prior-period-adjustment", "2026Q2 recalculated after late metrics", 350.00m, 1m, 350.00m, "2026Q2 new − old"),
            ],
            TotalEarned = 23_735.40m,
            Advance = 12_000.00m,
            BalanceDue = 11_735.40m,
            Notices = ["Eligible for a long-term exclusive arrangement once at or above threshold for 4 consecutive quarters (now 3)."],
        },
        Partner = new Partner(partnerId, name, PartnerType.Agency, 20_000m, 0m, new DateOnly(2025, 1, 6)),
        PriorPeriodReasons = new Dictionary<Quarter, string>
        {
            [Quarter.Previous()] = "on-time metrics for September arrived after the 2026Q2 close",
        },
    };

    /// <summary>
    /// Reseller, target T = 250,000, R = 312,480: bands 200,000 × 8%, 50,000 × 10%, 62,480 × 14% (CSAT 4.3 ≥ 4.0);
    /// eroded deals 18,400 × 4%; one clawback of a deal paid at 9.31% in 2026Q2; one deal held as a duplicate.
    /// </summary>
    public static StatementInput Reseller(string partnerId = "RS-0107", string name = "Nordic Reach Resellers Oy") => new()
    {
        Result = new PayoutResult
        {
            PartnerId = partnerId,
            PartnerName = name,
            PartnerType = PartnerTypes.Reseller,
            PlanId = "growth-reseller",
            ProgramVersion = "2026.1",
            Quarter = Quarter,
            Tier = "qualified",
            Attainment = 1.2499m,
            Revenue = 312_480.00m,
            ErodedRevenue = 18_400.00m,
            EffectiveRate = 0.0952m,
            Scorecard =
            [
                new("revenue", 312_480.00m, 250_000m, 1.2499m, 0m, "R against target T"),
                new("csat", 4.3m, 4.0m, 1.075m, 0m, "accelerator band pays 14%"),
            ],
            Lines =
            [
                new("band", "Band 0 – 0.8 T", 200_000.00m, 0.08m, 16_000.00m, "200,000.00 × 8%"),
                new("band", "Band 0.8 T – 1.0 T", 50_000.00m, 0.10m, 5_000.00m, "50,000.00 × 10%"),
                new("band", "Band 1.0 T – 1.5 T (accelerator)", 62_480.00m, 0.14m, 8_747.20m, "62,480.00 × 14%"),
                new("eroded-deals", "3 deals discounted more than 30%", 18_400.00m, 0.04m, 736.00m, "18,400.00 × 4%"),
                new("clawback", "Deal D-1043 refunded; paid in 2026Q2", 12_500.00m, 0.0931m, -1_163.75m, "−12,500.00 × 9.31%"),
            ],
            TotalEarned = 29_319.45m,
            Advance = 0m,
            BalanceDue = 29_319.45m,
        },
        Partner = new Partner(partnerId, name, PartnerType.Reseller, 0m, 250_000m, new DateOnly(2024, 3, 18)),
        AnomaliesUnderReview =
        [
            new("duplicate_deal", "high", "Deal D-2231 was also reported by partner RS-0311 this quarter."),
            new("quarter_end_stuffing", "medium", "41% of R closed in the last 14 days of the quarter."),
        ],
        HeldDeals = [new("D-2231", 9_870.00m, "Reported by two partners; paid once finance decides which one sold it.")],
    };

    /// <summary>A small quarter for the finance summary: the two statements above and four more partners.</summary>
    public static FinanceSummaryInput FinanceSummary()
    {
        var agency = Agency().Result;
        var reseller = Reseller().Result;
        PayoutResult Simple(string id, string name, string type, string plan, string tier, decimal revenue, decimal advance, params PayoutLine[] lines) =>
            agency with
            {
                PartnerId = id, PartnerName = name, PartnerType = type, PlanId = plan, Tier = tier, Revenue = revenue,
                Scorecard = [], Notices = [], Streak = 0, Lines = lines, TotalEarned = lines.Sum(l => l.Amount),
                Advance = advance, BalanceDue = lines.Sum(l => l.Amount) - advance,
            };

        return new FinanceSummaryInput
        {
            Quarter = Quarter,
            Results =
            [
                agency,
                reseller,
                Simple("AG-0057", "Blue Harbor Creative", PartnerTypes.Agency, "performance-partnership", "below", 0m, 9_000m,
                    new PayoutLine("base", "Base fee, tier below", 15_000m, 0.70m, 10_500.00m, "15,000.00 × 70%")),
                Simple("AG-0061", "Κέντρο Media Group", PartnerTypes.Agency, "performance-partnership", "at", 0m, 10_800m,
                    new PayoutLine("base", "Base fee, tier at", 18_000m, 1m, 18_000.00m, "18,000.00 × 100%"),
                    new PayoutLine("responsiveness", "Mean response 20 h ≤ 24 h", 18_000m, 0.02m, 360.00m, "18,000.00 × 2%")),
                Simple("RS-0188", "Москва Трейд", PartnerTypes.Reseller, "growth-reseller", "qualified", 90_000m, 0m,
                    new PayoutLine("band", "Band 0 – 0.8 T", 90_000m, 0.08m, 7_200.00m, "90,000.00 × 8%")),
                Simple("RS-0311", "Pacific Rim Distribution", PartnerTypes.Reseller, "growth-reseller", "none", 0m, 0m),
            ],
            Holds = [new PayoutHold("RS-0107", "duplicate_deal", "Deal D-2231 also reported by RS-0311.", reseller.BalanceDue)],
            Decisions =
            [
                new FinanceDecision("RS-0311", "exclude", "Deals D-3301 to D-3304 excluded: refunded before the close.", "a.ruiz",
                    new DateTimeOffset(2026, 10, 2, 14, 5, 0, TimeSpan.Zero)),
                new FinanceDecision("AG-0042", "release", "2026Q2 late metrics verified with the agency.", "m.keller",
                    new DateTimeOffset(2026, 10, 1, 9, 30, 0, TimeSpan.Zero)),
            ],
            PreviousTotals = new Dictionary<string, decimal>
            {
                ["AG-0042"] = 19_800.00m,
                ["AG-0057"] = 15_000.00m,
                ["AG-0061"] = 18_360.00m,
                ["RS-0107"] = 21_410.10m,
                ["RS-0311"] = 4_200.00m,
            },
        };
    }
}
