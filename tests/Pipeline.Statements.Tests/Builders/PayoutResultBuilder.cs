using Pipeline.Domain;
using Pipeline.Domain.Payouts;

namespace Pipeline.Statements.Tests.Builders;

/// <summary>Payout results by hand: totals always follow the lines, as the calculator's do.</summary>
public sealed class PayoutResultBuilder
{
    private string _id = "AG-0001";
    private string _name = "Acme Agency";
    private string _type = "agency";
    private string _plan = "performance-partnership";
    private string _tier = "at";
    private Quarter _quarter = new(2026, 3);
    private decimal _advance;
    private decimal _revenue;
    private readonly List<PayoutLine> _lines = [];
    private readonly List<ScorecardEntry> _scorecard = [];
    private readonly List<string> _notices = [];

    public static PayoutResultBuilder Agency() => new();

    public static PayoutResultBuilder Reseller() =>
        new PayoutResultBuilder().Partner("RS-0001", "Acme Reseller").Type("reseller", "growth-reseller").Tier("qualified");

    public PayoutResultBuilder Partner(string id, string name)
    {
        (_id, _name) = (id, name);
        return this;
    }

    public PayoutResultBuilder Type(string type, string plan)
    {
        (_type, _plan) = (type, plan);
        return this;
    }

    public PayoutResultBuilder Tier(string tier)
    {
        _tier = tier;
        return this;
    }

    public PayoutResultBuilder Quarter(Quarter quarter)
    {
        _quarter = quarter;
        return this;
    }

    public PayoutResultBuilder Advance(decimal advance)
    {
        _advance = advance;
        return this;
    }

    public PayoutResultBuilder Revenue(decimal revenue)
    {
        _revenue = revenue;
        return this;
    }

    /// <summary>A line whose amount is basis × rate rounded to cents, as the program rounds it.</summary>
    public PayoutResultBuilder Line(string ruleId, string description, decimal basis, decimal rate, decimal? amount = null)
    {
        _lines.Add(new PayoutLine(ruleId, description, basis, rate, amount ?? Money.Cents(basis * rate), $"{basis} × {rate}"));
        return this;
    }

    public PayoutResultBuilder Metric(string name, decimal value, decimal threshold, decimal weight) =>
        Scorecard(new ScorecardEntry(name, value, threshold, Money.Ratio(value / threshold), weight, ""));

    public PayoutResultBuilder Scorecard(ScorecardEntry entry)
    {
        _scorecard.Add(entry);
        return this;
    }

    public PayoutResultBuilder Notice(string notice)
    {
        _notices.Add(notice);
        return this;
    }

    public PayoutResult Build()
    {
        var total = _lines.Sum(l => l.Amount);
        return new PayoutResult
        {
            PartnerId = _id,
            PartnerName = _name,
            PartnerType = _type,
            PlanId = _plan,
            ProgramVersion = "1",
            Quarter = _quarter,
            Tier = _tier,
            Revenue = _revenue,
            Scorecard = [.. _scorecard],
            Lines = [.. _lines],
            TotalEarned = total,
            Advance = _advance,
            BalanceDue = total - _advance,
            Notices = [.. _notices],
        };
    }
}
