using System.Globalization;
using CsCheck;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Anomalies.Checks;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Partners;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class AnomalyDetectorPropertyTests
{
    private static readonly Quarter Q3 = AnomalyScenario.Q3;

    /// <summary>
    /// A close's inputs drawn so that every check has a chance to fire: few deal ids (duplicates), some deals of
    /// partners outside the registry ("GHOST-*"), dates straddling the quarter, refunds, eroded deals, zero amounts,
    /// and facts with history. Thresholds are lowered for Benford and refunds so small samples reach them.
    /// </summary>
    private static readonly Gen<(AnomalyPartner[] Partners, AnomalyDeal[] Deals, AnomalyPartnerFacts[] Facts)> Close =
        Gen.Int[1, 6].SelectMany(partnerCount =>
        {
            var ids = Enumerable.Range(0, partnerCount).Select(i => $"P-{i}").ToArray();
            var owners = ids.Concat(["GHOST-1", "GHOST-2"]).ToArray();
            var partners = Gen.Select(Gen.Bool, Gen.Int[0, 5]).Array[partnerCount].Select(xs =>
                xs.Select((x, i) => new AnomalyPartner(ids[i], x.Item1 ? PartnerType.Agency : PartnerType.Reseller, x.Item2 > 0)).ToArray());
            var deal = Gen.Select(Gen.Int[0, owners.Length - 1], Gen.Int[0, 15], Gen.Int[-10, 100], Gen.Long[0, 5_000_000], Gen.Int[0, 5])
                .Select((owner, id, day, cents, kind) => new AnomalyDeal(owners[owner], $"D-{id}", Q3.Start.AddDays(day), cents / 100m,
                    kind >= 4 ? DealStatus.Refunded : DealStatus.Won,
                    kind == 4 ? Q3.Start.AddDays(day + 3) : kind == 5 ? Q3.End.AddDays(5) : null,
                    Eroded: kind == 3));
            var facts = Gen.Select(Gen.Long[0, 3_000_000], Gen.Long[0, 3_000_000], Gen.Long[0, 3_000_000].Array[0, 5], Gen.Int[0, 3], Gen.Bool)
                .Array[partnerCount + 2]
                .Select(rows => rows.Select((f, i) => new AnomalyPartnerFacts(
                    owners[i],
                    Revenue: f.Item1 / 100m,
                    QualifyingNet: (f.Item1 + f.Item2) / 100m,
                    TotalEarned: f.Item2 / 10m,
                    LastQuarterTotalEarned: f.Item5 ? f.Item1 / 100m : null,
                    EarlierRevenue: [.. f.Item3.Select((r, q) => new ClosedQuarterRevenue(QuartersBefore(q + 1), r / 100m))],
                    MetricRowCount: f.Item4)).ToArray());
            return Gen.Select(partners, deal.Array[0, 60], facts);
        });

    private static readonly AnomalyThresholds Sensitive = AnomalyThresholds.Reference.With(new RefundRateThresholds(MinDeals: 5), new BenfordThresholds(MinDeals: 9));

    [Fact]
    public void The_detector_gives_the_same_findings_in_the_same_order_whatever_the_input_order() =>
        Gen.Select(Close, Gen.Int).Sample((close, seed) =>
        {
            var random = new Random(seed);
            var first = Render(AnomalyDetector.Run(Q3, close.Partners, close.Deals, close.Facts, Sensitive));
            var again = Render(AnomalyDetector.Run(Q3, Shuffle(close.Partners, random), Shuffle(close.Deals, random), Shuffle(close.Facts, random), Sensitive));
            return first == again;
        }, iter: 300);

    [Fact]
    public void The_detector_never_flags_or_holds_a_partner_absent_from_the_registry() =>
        Close.Sample(close =>
        {
            var registry = close.Partners.Select(p => p.PartnerId).ToHashSet(StringComparer.Ordinal);
            var findings = AnomalyDetector.Run(Q3, close.Partners, close.Deals, close.Facts, Sensitive);
            var holds = AnomalyDetector.Holds(findings);
            return findings.All(f => registry.Contains(f.PartnerId))
                && holds.HeldPartnerIds.All(registry.Contains)
                && holds.HeldDeals.All(h => close.Deals.Any(d => d.PartnerId == h.PartnerId && d.DealId == h.DealId && Q3.Contains(d.CloseDate)));
        }, iter: 300);

    /// <summary>
    /// What the close does at scale: the partners split into batches, each checked with the duplicate-deal index built
    /// over all of them (deal ids of registry partners, closed in the quarter); the batches' findings sorted together
    /// equal one run over everyone, and the duplicate findings from the index alone equal the run's.
    /// </summary>
    [Fact]
    public void Batches_checked_with_the_whole_quarters_duplicate_index_give_the_findings_of_one_run() =>
        Gen.Select(Close, Gen.Int[1, 4]).Sample((close, size) =>
        {
            var whole = AnomalyDetector.Run(Q3, close.Partners, close.Deals, close.Facts, Sensitive);
            var index = new DuplicateDealIndex();
            foreach (var p in close.Partners)
                index.Add(p.PartnerId, close.Deals.Where(d => d.PartnerId == p.PartnerId && Q3.Contains(d.CloseDate)).Select(d => d.DealId));
            var duplicates = index.Reporters(Sensitive);
            var batched = close.Partners.Chunk(size).SelectMany(batch =>
            {
                var ids = batch.Select(p => p.PartnerId).ToHashSet(StringComparer.Ordinal);
                return AnomalyDetector.Run(Q3, batch, close.Deals.Where(d => ids.Contains(d.PartnerId)), close.Facts.Where(f => ids.Contains(f.PartnerId)), Sensitive, duplicates);
            });
            var fromIndex = AnomalyDetector.DuplicateFindings(Q3, close.Partners, duplicates, Sensitive);
            return Render(AnomalyDetector.Sort(batched)) == Render(whole)
                && Render(fromIndex) == Render(whole.Where(f => f.Check == "duplicate_deal"));
        }, iter: 300);

    private static Quarter QuartersBefore(int count) => Enumerable.Range(0, count).Aggregate(Q3, (q, _) => q.Previous());

    private static T[] Shuffle<T>(T[] items, Random random)
    {
        var copy = items.ToArray();
        random.Shuffle(copy);
        return copy;
    }

    /// <summary>Findings hold lists, which records compare by reference; rendering compares them by content.</summary>
    private static string Render(IEnumerable<AnomalyFinding> findings) => string.Join("\n", findings.Select(f => string.Join(" | ",
        f.Check, f.SeverityName, f.PartnerId, f.Quarter, f.Summary,
        f.Evidence.Observed.ToString(CultureInfo.InvariantCulture), f.Evidence.Limit.ToString(CultureInfo.InvariantCulture),
        string.Join(",", f.Evidence.Figures.Select(x => $"{x.Name}={x.Value.ToString(CultureInfo.InvariantCulture)}")),
        string.Join(",", f.Evidence.DealIds), f.Evidence.DealCount, string.Join(",", f.HeldDealIds))));
}
