using System.Globalization;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Close;

/// <summary>A partner's computed quarter with the input it was computed from (the ledger records both, and the
/// fingerprint of the quarter's rows that later closes compare against).</summary>
public sealed record PartnerClose(PayoutInput Input, PayoutResult Result, IReadOnlyDictionary<Quarter, string> PriorPeriodReasons, QuarterInputs? Inputs = null)
{
    public ClosedPartnerQuarter ToRecord() => ClosedPartnerQuarter.From(Result, Input, Inputs);
}

/// <summary>
/// Builds a partner's <see cref="PayoutInput"/> for a close from the current lake, the ledger and finance's decisions,
/// and computes it. Pure: the same request gives the same payout.
/// </summary>
/// <remarks>
/// An earlier closed quarter is reopened only when the rows it was computed from changed (its recorded
/// <see cref="QuarterInputs"/> differ from the lake's now), and it is recomputed under the terms it was closed with
/// (<see cref="PartnerCloseRequest.ClosedTerms"/>): a later program or a new base fee never changes a closed quarter.
/// </remarks>
public static class PartnerCloseAssembler
{
    public static PartnerClose Compute(IncentiveProgram program, PartnerCloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Quarter;
        var earlier = request.Closed.Where(c => c.Quarter < q).OrderBy(c => c.Quarter).ToList();
        var release = EffectiveHoldDecision(request.Decisions, request.Data.Partner.PartnerId) == DecisionActions.Release;
        // An adjustment above the program's limit is paid once a second finance user confirmed it.
        var finance = FinanceDecisions.PaidAdjustments(request.Decisions, request.Data.Partner.PartnerId, program.Approvals)
            .Select(d => new FinanceAdjustment(d.Amount ?? 0m, d.Reason, d.By))
            .ToList();

        var reasons = new Dictionary<Quarter, string>();
        var prior = new List<PriorPeriodAdjustment>();
        foreach (var record in earlier)
        {
            var changed = record.Quarter;
            string what;
            if (record.Inputs is { } closedWith)
            {
                var now = QuarterInputs.Of(request.Data, changed);
                if (now.SameAs(closedWith)) continue;
                what = now.ChangesSince(closedWith);
            }
            else
            {
                if (!request.ChangedQuarters.Contains(changed)) continue;
                what = "its lake files changed";
            }

            var terms = request.ClosedTerms.GetValueOrDefault(changed);
            var data = terms is null ? request.Data : request.Data with { Partner = terms.Partner };
            var recomputed = Calculate(terms?.Program ?? program, data, changed, earlier, record.HeldDealIds, record.FinanceAdjustments, []);
            var alreadyAdjusted = earlier.Where(c => c.Quarter > changed).SelectMany(c => c.PriorAdjustments).Where(a => a.Quarter == changed && a.InquiryId is null).Sum(a => a.Amount);
            var difference = recomputed.Result.TotalEarned - record.BaseTotal - alreadyAdjusted;
            if (difference == 0m) continue;
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"{changed} data changed after it closed ({what}); recomputed under its own terms, {changed} earns {recomputed.Result.TotalEarned:0.00} against {record.BaseTotal + alreadyAdjusted:0.00} paid");
            prior.Add(new PriorPeriodAdjustment(changed, difference, reason));
            reasons[changed] = reason;
        }

        // Inquiry corrections: each paid once, as a prior-period adjustment whose line names the inquiry.
        var paidInquiries = earlier.SelectMany(c => c.PriorAdjustments).Select(a => a.InquiryId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var correction in request.Corrections.Where(c => c.PartnerId == request.Data.Partner.PartnerId && !paidInquiries.Contains(c.InquiryId)).OrderBy(c => c.InquiryId, StringComparer.Ordinal))
        {
            var quarter = correction.Quarter is { } cq && cq < q ? cq : q.Previous();
            var reason = correction.LineReason();
            prior.Add(new PriorPeriodAdjustment(quarter, correction.Amount, reason, correction.InquiryId));
            reasons[quarter] = reasons.TryGetValue(quarter, out var other) ? $"{other}; {reason}" : reason;
        }

        var held = release ? [] : request.HeldDealIds;
        var close = Calculate(program, request.Data, q, earlier, held, finance, prior);
        return close with { PriorPeriodReasons = reasons, Inputs = QuarterInputs.Of(request.Data, q) };
    }

    /// <summary>The release or exclude-held decision that settles the partner's hold, if any: its own last one, else the
    /// last approve-all. An approve-all settles only the partners still waiting when finance gives it, so a partner
    /// released before it stays released.</summary>
    public static string? EffectiveHoldDecision(IEnumerable<CloseDecision> decisions, string partnerId)
    {
        var settling = decisions.Where(d => d.AppliesTo(partnerId) && d.Action is DecisionActions.Release or DecisionActions.ExcludeHeld).ToList();
        return (settling.LastOrDefault(d => d.Partner == partnerId) ?? settling.LastOrDefault())?.Action;
    }

    private static PartnerClose Calculate(
        IncentiveProgram program, PartnerLakeData data, Quarter quarter, IReadOnlyList<ClosedPartnerQuarter> closed,
        IReadOnlyCollection<string> held, IReadOnlyList<FinanceAdjustment> finance, IReadOnlyList<PriorPeriodAdjustment> prior)
    {
        var before = closed.Where(c => c.Quarter < quarter).ToList();
        var input = new PayoutInput
        {
            Partner = data.Partner,
            Quarter = quarter,
            Deals = [.. data.DealsIn(quarter)],
            Metrics = [.. data.MetricsIn(quarter)],
            RefundedEarlierDeals = RefundedEarlier(data, quarter, before),
            HeldDealIds = held,
            History = [.. before.Select(c => c.ToHistory())],
            PriorPeriodAdjustments = prior,
            FinanceAdjustments = finance,
        };
        return new PartnerClose(input, PayoutCalculator.Calculate(program, input), new Dictionary<Quarter, string>());
    }

    /// <summary>Deals refunded in the quarter that were paid in an earlier closed quarter, as recorded when paid.</summary>
    private static List<RefundedEarlierDeal> RefundedEarlier(PartnerLakeData data, Quarter quarter, IReadOnlyList<ClosedPartnerQuarter> before)
    {
        var refunded = new List<RefundedEarlierDeal>();
        foreach (var deal in data.Deals.Where(d => d.Status == DealStatus.Refunded && d.RefundDate is { } r && quarter.Contains(r)))
        {
            var paidIn = Quarter.Of(deal.CloseDate);
            if (paidIn >= quarter) continue;
            var paid = before.FirstOrDefault(c => c.Quarter == paidIn)?.PaidDeals.FirstOrDefault(p => p.DealId == deal.DealId);
            if (paid is not null) refunded.Add(new RefundedEarlierDeal(paidIn, paid, deal.RefundDate));
        }

        return refunded;
    }
}
