using CsCheck;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Tests.Builders;

/// <summary>Random but well-formed calculator inputs for 2026Q3: amounts in cents, deal ids from indexes.</summary>
internal static class Generators
{
    private static readonly Quarter Q3 = Inputs.Q3;
    private static readonly string[] Tiers = ["below", "at", "above", "none", "qualified"];

    public static readonly Gen<decimal> Cents = Gen.Long[1, 20_000_000].Select(c => c / 100m);

    /// <summary>An adjustment amount with up to 3 decimals, so half-cent rounding is exercised.</summary>
    public static readonly Gen<decimal> Adjustment = Gen.Long[-500_000, 500_000].Select(m => m / 1000m);

    /// <summary>Deals of partner RS-1: won, refunded within the quarter, or refunded after it; sometimes discounted.</summary>
    public static readonly Gen<NormalisedDeal[]> Deals =
        Gen.Select(Cents, Gen.Long[0, 10_000_000], Gen.Int[0, 3], Gen.Int[0, 91]).Array[0, 30]
            .Select(parts => parts.Select((p, i) => Deal(i, p.Item1, p.Item2, p.Item3, p.Item4)).ToArray());

    private static NormalisedDeal Deal(int index, decimal net, long extraListCents, int status, int day)
    {
        var list = status == 0 ? net : net + extraListCents / 100m;
        var deal = Inputs.Deal($"D-{index:D4}", net, list, closed: Q3.Start.AddDays(day));
        return status switch
        {
            2 => deal with { Status = DealStatus.Refunded, RefundDate = Q3.End },
            3 => deal with { Status = DealStatus.Refunded, RefundDate = Q3.End.AddDays(1) },
            _ => deal,
        };
    }

    private static readonly Gen<ClosedQuarter[]> History =
        Gen.Select(Gen.Int[-1, Tiers.Length - 1].Array[4], Gen.Long[0, 30_000_000]).Select((tiers, lastYearCents) =>
            tiers.Select((t, i) => (t, q: Enumerable.Range(0, i + 1).Aggregate(Q3, (q, _) => q.Previous())))
                .Where(x => x.t >= 0)
                .Select(x => new ClosedQuarter(x.q, Tiers[x.t], x.q == Q3.YearEarlier() ? lastYearCents / 100m : lastYearCents / 300m, 0.09m, 0m))
                .ToArray());

    private static readonly Gen<RefundedEarlierDeal[]> Clawbacks =
        Gen.Select(Cents, Gen.Int[0, 1_500], Gen.Bool).Array[0, 3].Select(items =>
            items.Select((x, i) => new RefundedEarlierDeal(Quarter.Parse("2026Q2"), new PaidDeal($"P-{i}", x.Item1, x.Item2 / 10_000m, x.Item3))).ToArray());

    private static readonly Gen<FinanceAdjustment[]> FinanceAdjustments =
        Adjustment.Array[0, 2].Select(a => a.Select((amount, i) => new FinanceAdjustment(amount, $"decision {i}")).ToArray());

    public static readonly Gen<PayoutInput> Reseller =
        Gen.Select(Deals, Gen.Long[0, 50_000_000], Gen.Int[0, 50], Gen.Int[0, 800], History)
            .SelectMany(x => Gen.Select(Clawbacks, FinanceAdjustments, Gen.Int[0, 3]).Select((claw, fin, heldEvery) => (x, claw, fin, heldEvery)))
            .Select(t =>
            {
                var (deals, targetCents, csatTenths, joinedDaysBefore, history) = t.x;
                return new PayoutInput
                {
                    Partner = Inputs.Reseller(targetCents / 100m, Q3.Start.AddDays(-joinedDaysBefore)),
                    Quarter = Q3,
                    Deals = deals,
                    // 0 means "no csat reported"; otherwise 1.0 to 5.0
                    Metrics = csatTenths < 10 ? [] : [Inputs.Csat(csatTenths / 10m)],
                    History = history,
                    RefundedEarlierDeals = t.claw,
                    FinanceAdjustments = t.fin,
                    HeldDealIds = t.heldEvery == 0 ? [] : [.. deals.Where((_, i) => i % (t.heldEvery + 2) == 0).Select(d => d.DealId)],
                };
            });

    private static Gen<MetricReading[]> Readings(string metric, int maxTenThousandths) =>
        Gen.Int[0, maxTenThousandths].Array[0, 3].Select(values => values.Select((v, i) => Inputs.Metric(metric, v / 10_000m, Q3.Start.AddDays(i * 20))).ToArray());

    public static readonly Gen<PayoutInput> Agency =
        Gen.Select(Gen.Long[0, 5_000_000], Readings(MetricNames.EngagementRate, 10_000), Readings(MetricNames.ConversionRate, 1_000),
                Readings(MetricNames.OnTimeRate, 10_000), Readings(MetricNames.ResponseHours, 600_000))
            .SelectMany(x => Gen.Select(History, Adjustment.Array[0, 2]).Select((history, prior) => (x, history, prior)))
            .Select(t =>
            {
                var (feeCents, engagement, conversion, onTime, response) = t.x;
                return new PayoutInput
                {
                    Partner = Inputs.Agency(feeCents / 100m),
                    Quarter = Q3,
                    Metrics = [.. engagement, .. conversion, .. onTime, .. response],
                    History = t.history,
                    PriorPeriodAdjustments = [.. t.prior.Select((a, i) => new PriorPeriodAdjustment(Q3.Previous(), a, $"correction {i}"))],
                };
            });

    public static readonly Gen<PayoutInput> Any = Gen.OneOf(Reseller, Agency);
}
