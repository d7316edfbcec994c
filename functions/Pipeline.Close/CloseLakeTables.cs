using Parquet.Schema;
using Pipeline.Domain;
using static Pipeline.Close.ParquetTable;

namespace Pipeline.Close;

/// <summary>
/// The lake tables a close publishes (<see cref="CloseLakePublisher"/>), one class each: its name, its columns in
/// order, and its schema. Money is DECIMAL(18,2), ratios DECIMAL(18,4), every column required.
/// </summary>
public static class CloseLakeTables
{
    /// <summary>The one file of a table for a quarter: <c>{table}/quarter={q}/part-0000.parquet</c>.</summary>
    public static string PartName(string table, Quarter quarter) => $"{table}/quarter={quarter}/part-0000.parquet";

    /// <summary><c>payouts</c>: one row per partner.</summary>
    public static class Payouts
    {
        public const string Name = "payouts";
        public static readonly DataField<string> Quarter = TextField("quarter");
        public static readonly DataField<string> PartnerId = TextField("partner_id");
        public static readonly DataField<string> PartnerName = TextField("partner_name");
        public static readonly DataField<string> PartnerType = TextField("partner_type");
        public static readonly DataField<string> PlanId = TextField("plan_id");
        public static readonly DataField<string> ProgramVersion = TextField("program_version");
        public static readonly DataField<string> Tier = TextField("tier");
        public static readonly DecimalDataField Attainment = RatioField("attainment");
        public static readonly DecimalDataField Revenue = MoneyField("revenue");
        public static readonly DecimalDataField EffectiveRate = RatioField("effective_rate");
        public static readonly DecimalDataField TotalEarned = MoneyField("total_earned");
        public static readonly DecimalDataField Advance = MoneyField("advance");
        public static readonly DecimalDataField BalanceDue = MoneyField("balance_due");
        public static readonly DataField<int> HeldDeals = IntField("held_deals");

        public static readonly ParquetSchema Schema = new(
            Quarter, PartnerId, PartnerName, PartnerType, PlanId, ProgramVersion, Tier, Attainment, Revenue, EffectiveRate, TotalEarned,
            Advance, BalanceDue, HeldDeals);
    }

    /// <summary><c>payout_lines</c>: one row per line of a partner's payout, numbered from 1.</summary>
    public static class PayoutLines
    {
        public const string Name = "payout_lines";
        public static readonly DataField<string> Quarter = TextField("quarter");
        public static readonly DataField<string> PartnerId = TextField("partner_id");
        public static readonly DataField<int> LineNo = IntField("line_no");
        public static readonly DataField<string> RuleId = TextField("rule_id");
        public static readonly DataField<string> Description = TextField("description");
        public static readonly DecimalDataField Basis = MoneyField("basis");
        public static readonly DecimalDataField Rate = RatioField("rate");
        public static readonly DecimalDataField Amount = MoneyField("amount");

        public static readonly ParquetSchema Schema = new(Quarter, PartnerId, LineNo, RuleId, Description, Basis, Rate, Amount);
    }

    /// <summary><c>anomalies</c>: one row per finding; held deal ids joined with '|'.</summary>
    public static class Anomalies
    {
        public const string Name = "anomalies";
        public static readonly DataField<string> Quarter = TextField("quarter");
        public static readonly DataField<string> Check = TextField("check");
        public static readonly DataField<string> Severity = TextField("severity");
        public static readonly DataField<string> PartnerId = TextField("partner_id");
        public static readonly DataField<string> Summary = TextField("summary");
        public static readonly DecimalDataField Observed = RatioField("observed");
        public static readonly DecimalDataField Limit = RatioField("limit");
        public static readonly DataField<int> DealCount = IntField("deal_count");
        public static readonly DataField<string> HeldDealIds = TextField("held_deal_ids");

        public static readonly ParquetSchema Schema = new(Quarter, Check, Severity, PartnerId, Summary, Observed, Limit, DealCount, HeldDealIds);
    }

    /// <summary><c>decisions</c>: one row per decision taken on the quarter; a decision without an amount has 0.</summary>
    public static class Decisions
    {
        public const string Name = "decisions";
        public static readonly DataField<string> Quarter = TextField("quarter");
        public static readonly DataField<string> DecisionId = TextField("decision_id");
        public static readonly DataField<string> PartnerId = TextField("partner_id");
        public static readonly DataField<string> Action = TextField("action");
        public static readonly DecimalDataField Amount = MoneyField("amount");
        public static readonly DataField<string> Reason = TextField("reason");
        public static readonly DataField<string> DecidedBy = TextField("decided_by");
        public static readonly DateTimeDataField DecidedAt = TimestampField("decided_at");

        public static readonly ParquetSchema Schema = new(Quarter, DecisionId, PartnerId, Action, Amount, Reason, DecidedBy, DecidedAt);
    }
}
