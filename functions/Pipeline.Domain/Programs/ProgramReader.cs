using System.Text.Json;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Programs;

/// <summary>
/// Turns a program file into an <see cref="IncentiveProgram"/>, reading every block and checking every value,
/// then the references between blocks (<see cref="PlanRules"/>). All problems are collected and thrown together.
/// </summary>
internal static class ProgramReader
{
    public static IncentiveProgram Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ProgramDefinitionException(
                [new ProgramError("$", $"is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})")]);
        }

        using (document)
        {
            var errors = new ErrorSink();
            var program = ReadProgram(document.RootElement, errors);
            if (errors.Errors.Count > 0 || program is null) throw new ProgramDefinitionException(errors.Errors);
            return program;
        }
    }

    private static IncentiveProgram? ReadProgram(JsonElement root, ErrorSink errors)
    {
        if (JsonObjectReader.Open(root, "$", errors) is not { } o) return null;
        var id = o.Id("id");
        var version = o.String("version");
        var effectiveFrom = ReadQuarter(o, "effectiveFrom");
        var cutOffDays = o.Has("cutOffDays") ? o.Int("cutOffDays", 0, IncentiveProgram.MaxCutOffDays) : 0;
        var responseDays = o.Has("inquiryResponseDays") ? o.Int("inquiryResponseDays", 1, 90) : 5;
        var approvals = o.Object("approvals", false) is { } ap
            ? Done(ap, new ApprovalRules(ap.OptionalDecimal("secondApproverAbove", 0m), ap.Bool("approveTotals", false)))
            : ApprovalRules.None;
        var anomalies = o.Object("anomalies", required: true) is { } a ? AnomalyReader.Read(a) : null;
        var plans = o.Array("plans", required: true, (e, path) => ReadPlan(e, path, errors));
        o.RejectUnknown();
        if (plans is not null) PlanRules.CheckAcrossPlans(plans, errors);
        return anomalies is null || plans is null || plans.Any(p => p is null)
            ? null
            : new IncentiveProgram { Id = id, Version = version, EffectiveFrom = effectiveFrom, CutOffDays = cutOffDays, Approvals = approvals, InquiryResponseDays = responseDays, Anomalies = anomalies, Plans = new(plans!) };
    }

    private static Quarter ReadQuarter(JsonObjectReader o, string name)
    {
        var text = o.String(name);
        if (Quarter.TryParse(text, out var quarter)) return quarter;
        if (text.Length > 0) o.Errors.Add(o.At(name), $"'{text}' must be a quarter like 2026Q3");
        return default;
    }

    private static PlanDefinition? ReadPlan(JsonElement element, string path, ErrorSink errors)
    {
        if (JsonObjectReader.Open(element, path, errors) is not { } o) return null;
        var plan = new PlanDefinition
        {
            Id = o.Id("id"),
            Name = o.String("name"),
            PartnerType = ReadPartnerType(o),
            Scorecard = o.Object("scorecard", false) is { } s ? ReadScorecard(s) : null,
            Tiers = o.Array("tiers", false, (e, p) => Each(e, p, errors, ReadTier)),
            PerformanceBonus = o.Object("performanceBonus", false) is { } b
                ? Done(b, new PerformanceBonus(b.Id("tier"), b.Decimal("fromAttainment", 0m), b.Decimal("toAttainment", 0m),
                    b.Fraction("minRate"), b.Fraction("maxRate")))
                : null,
            SustainedPerformance = o.Object("sustainedPerformance", false) is { } sp
                ? Done(sp, new SustainedPerformance(sp.Id("tier"),
                    sp.Array("steps", true, (e, p) => Each(e, p, errors, r => new StreakStep(r.Int("minStreak", 1), r.Fraction("rate"))))
                    ?? ValueList.Empty<StreakStep>()))
                : null,
            Bonuses = o.Array("bonuses", false, (e, p) => Each(e, p, errors, b => new Bonus(
                b.Id("id"), b.String("description"), b.StringArray("tiers"),
                b.Has("metric") ? ReadMetric(b, "metric") : null, b.OptionalDecimal("minMean", 0m), b.OptionalDecimal("maxMean", 0m),
                b.OptionalDecimal("rate", 0m, 1m), b.OptionalDecimal("amount", 0m, minExclusive: true)))),
            Advance = o.Object("advance", false) is { } adv ? Done(adv, new AdvanceRule(adv.Fraction("rate"))) : null,
            Bands = o.Array("bands", false, (e, p) => Each(e, p, errors,
                b => new Band(b.Id("id"), b.Decimal("from", 0m), b.OptionalDecimal("to", 0m, minExclusive: true), b.Fraction("rate")))),
            Gates = o.Array("gates", false, (e, p) => Each(e, p, errors,
                g => new MetricGate(ReadMetric(g, "metric"), g.Decimal("minMean", 0m), g.Id("band"), g.Fraction("rateWhenFailed")))),
            GrowthUplift = o.Object("growthUplift", false) is { } u
                ? Done(u, new GrowthUplift(u.Int("minDaysSinceJoined", 0), u.Decimal("minGrowth", 0m, minExclusive: true), u.Fraction("rateIncrease")))
                : null,
            ErodedDeals = o.Object("erodedDeals", false) is { } x
                ? Done(x, new FlatRateExclusion(x.Fraction("discountAbove"), x.Fraction("rate")))
                : null,
            Clawback = o.Object("clawback", false) is { } c ? Done(c, new ClawbackRule(c.Bool("enabled", fallback: true))) : null,
            Notices = o.Array("notices", false, (e, p) => Each(e, p, errors,
                n => new NoticeRule(n.Id("id"), n.StringArray("tiers"), n.Int("minConsecutiveQuarters", 1), n.String("text")))),
        };
        o.RejectUnknown();
        PlanRules.CheckPlan(plan, path, errors);
        return plan;
    }

    private static Scorecard ReadScorecard(JsonObjectReader o) =>
        Done(o, new Scorecard(o.Array("metrics", true, (e, p) => Each(e, p, o.Errors, m =>
        {
            var metric = ReadMetric(m, "metric");
            // A rate threshold above 1 could never be met: catch the "25 instead of 0.25" slip.
            var threshold = MetricNames.IsRate(metric) ? m.Decimal("threshold", 0m, 1m, minExclusive: true) : m.Decimal("threshold", 0m, minExclusive: true);
            return new ScorecardMetric(metric, threshold, m.Decimal("weight", 0m, 1m, minExclusive: true), m.Decimal("cap", 1m));
        })) ?? ValueList.Empty<ScorecardMetric>()));

    private static TierRule ReadTier(JsonObjectReader o) =>
        new(o.Id("id"), o.Fraction("baseRate"), o.Bool("allMetricsMet", fallback: false), o.OptionalDecimal("minAttainment", 0m, minExclusive: true));

    private static PartnerType ReadPartnerType(JsonObjectReader o) =>
        o.String("partnerType") switch
        {
            PartnerTypes.Agency => PartnerType.Agency,
            PartnerTypes.Reseller => PartnerType.Reseller,
            "" => default,
            var other => Report(o, "partnerType", $"'{other}' must be one of: {string.Join(", ", PartnerTypes.All)}", PartnerType.Agency),
        };

    private static string ReadMetric(JsonObjectReader o, string name)
    {
        var metric = o.String(name);
        return metric.Length == 0 || MetricNames.All.Contains(metric)
            ? metric
            : Report(o, name, $"'{metric}' must be one of: {string.Join(", ", MetricNames.All)}", metric);
    }

    /// <summary>Reads one array item as an object and rejects its unknown properties.</summary>
    internal static T Each<T>(JsonElement element, string path, ErrorSink errors, Func<JsonObjectReader, T> read)
    {
        var o = JsonObjectReader.Open(element, path, errors);
        if (o is null) return default!; // reported; the sink's errors stop the load before this placeholder is used
        return Done(o, read(o));
    }

    internal static T Done<T>(JsonObjectReader o, T value)
    {
        o.RejectUnknown();
        return value;
    }

    private static T Report<T>(JsonObjectReader o, string name, string message, T value)
    {
        o.Errors.Add(o.At(name), message);
        return value;
    }
}
