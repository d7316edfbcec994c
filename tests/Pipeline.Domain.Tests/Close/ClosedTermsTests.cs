using CsCheck;
using Pipeline.Domain.Close;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Tests.Builders;
using Xunit;

namespace Pipeline.Domain.Tests.Close;

/// <summary>A closed quarter keeps the terms it was closed with: later terms never reach it, only changed inputs do.</summary>
public sealed class ClosedTermsTests
{
    private static readonly Quarter Q3 = Inputs.Q3;
    private static readonly Quarter Q4 = Q3.Next();

    /// <summary>Later terms: base fee and target scaled, every band and tier rate moved.</summary>
    private static readonly Gen<(decimal Scale, decimal RateDelta)> LaterTerms =
        Gen.Select(Gen.Int[50, 300], Gen.Int[-3, 5]).Select((percent, points) => (percent / 100m, points / 100m));

    [Fact]
    public void Re_closing_with_unchanged_inputs_never_creates_an_adjustment_whatever_the_later_terms()
    {
        Gen.Select(Generators.Any, LaterTerms, Gen.Bool).Sample((closedInput, later, legacyRow) =>
        {
            var (data, record) = CloseQ3(closedInput);
            if (legacyRow) record = record with { Inputs = null }; // rows recorded before the fingerprint: the terms alone must hold
            var laterPartner = Later(data.Partner, later.Scale);
            var q4Deal = Inputs.Deal("NEW-1", 5_000m, closed: Q4.Start.AddDays(3), partnerId: data.Partner.PartnerId);

            var q4 = PartnerCloseAssembler.Compute(Later(ProgramDefinitions.Reference, later.RateDelta), new PartnerCloseRequest
            {
                Data = new PartnerLakeData(laterPartner, [.. data.Deals, q4Deal], data.Metrics),
                Quarter = Q4,
                Closed = [record],
                ChangedQuarters = [Q3], // the partner's files changed (a new drop): what the close sees when anything arrives
                ClosedTerms = new Dictionary<Quarter, QuarterTerms> { [Q3] = new(ProgramDefinitions.Reference, data.Partner) },
            });

            Assert.DoesNotContain(q4.Result.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
        }, iter: 300);
    }

    [Fact]
    public void A_changed_deal_is_recomputed_under_the_closed_quarters_terms_and_its_line_names_it()
    {
        var partner = Inputs.Reseller(100_000m);
        var closedWith = new PartnerLakeData(partner, [Inputs.Deal("C-1", 1_000m), Inputs.Deal("C-2", 900m)], []);
        var record = PartnerCloseAssembler.Compute(ProgramDefinitions.Reference, new PartnerCloseRequest { Data = closedWith, Quarter = Q3 }).ToRecord();

        var corrected = new PartnerLakeData(Later(partner, 3m), [Inputs.Deal("C-1", 2_000m), Inputs.Deal("C-2", 900m), Inputs.Deal("C-3", 100m)], []);
        var q4 = PartnerCloseAssembler.Compute(Later(ProgramDefinitions.Reference, 0.05m), new PartnerCloseRequest
        {
            Data = corrected,
            Quarter = Q4,
            Closed = [record],
            ClosedTerms = new Dictionary<Quarter, QuarterTerms> { [Q3] = new(ProgramDefinitions.Reference, partner) },
        });

        // 1,100 more revenue in the reference's 8% band of a 100,000 target: 88.00 (under the later terms it would differ).
        var line = Assert.Single(q4.Result.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
        Assert.Equal(88m, line.Amount);
        Assert.Contains("deals added: C-3; deals changed: C-1", q4.PriorPeriodReasons[Q3], StringComparison.Ordinal);
    }

    [Fact]
    public void The_inputs_fingerprint_names_added_changed_and_removed_rows()
    {
        var partner = Inputs.Agency();
        var before = QuarterInputs.Of(new PartnerLakeData(partner, [Inputs.Deal("D-1", 10m, partnerId: "AG-1")],
            [Inputs.Metric(MetricNames.Csat, 4m), Inputs.Metric(MetricNames.EngagementRate, 0.2m)]), Q3);
        var after = QuarterInputs.Of(new PartnerLakeData(partner, [Inputs.Deal("D-2", 10m, partnerId: "AG-1")],
            [Inputs.Metric(MetricNames.Csat, 4.5m), Inputs.Metric(MetricNames.EngagementRate, 0.2m)]), Q3);

        Assert.True(before.SameAs(QuarterInputs.Of(new PartnerLakeData(partner, [Inputs.Deal("D-1", 10m, partnerId: "AG-1")],
            [Inputs.Metric(MetricNames.EngagementRate, 0.2m), Inputs.Metric(MetricNames.Csat, 4m)]), Q3)));
        Assert.Equal("deals added: D-2; deals removed: D-1; metrics changed: csat on 2026-08-14", after.ChangesSince(before));
    }

    private static (PartnerLakeData Data, ClosedPartnerQuarter Record) CloseQ3(PayoutInput input)
    {
        var data = new PartnerLakeData(input.Partner, input.Deals, input.Metrics);
        return (data, PartnerCloseAssembler.Compute(ProgramDefinitions.Reference, new PartnerCloseRequest { Data = data, Quarter = Q3 }).ToRecord());
    }

    private static Partner Later(Partner p, decimal scale) =>
        p with { BaseFee = decimal.Round(p.BaseFee * scale, 2), QuarterlyTarget = decimal.Round(p.QuarterlyTarget * scale, 2) };

    private static IncentiveProgram Later(IncentiveProgram program, decimal delta) => program with
    {
        Version = "later",
        EffectiveFrom = Q4,
        Plans = new(program.Plans.Select(plan => plan with
        {
            Bands = plan.Bands is null ? null : new(plan.Bands.Select(b => b with { Rate = Math.Max(0m, b.Rate + delta) })),
            Tiers = plan.Tiers is null ? null : new(plan.Tiers.Select(t => t with { BaseRate = Math.Max(0m, t.BaseRate + delta) })),
        })),
    };
}
