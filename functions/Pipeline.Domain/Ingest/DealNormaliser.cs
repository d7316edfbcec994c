using System.Runtime.CompilerServices;
using Pipeline.Domain.Deals;
using System.Globalization;
using Pipeline.Domain.Reference;

namespace Pipeline.Domain.Ingest;

/// <summary>
/// Turns the raw records of one partner's deals file into <see cref="DealRow"/>s, or says, column by column,
/// why a record is refused (REFERENCE-PROGRAM section 1). One instance per file: it remembers the deal ids
/// it has seen, so that a deal_id repeated within the file rejects the later row.
/// The per-row methods here, in the readers and in the FX/id lookups are marked AggressiveOptimization: a
/// million-row drop is over before tiered compilation with dynamic PGO has optimised them (measured on the
/// 1M-row benchmark: about 7.4 s of CPU without, 6.2 s with).
/// </summary>
public sealed class DealNormaliser : IRowNormaliser<DealRow>
{
    public const int MaxDealIdLength = 64;
    public const int MaxTextLength = 256;

    private readonly string _partnerId;
    private readonly FxTable _fx;
    private readonly FieldParser _parse;
    private readonly DealIdSet _seen = new();
    private readonly List<RowProblem> _problems = [];
    private string? _defectColumn;

    public DealNormaliser(string partnerId, FxTable fx, PartnerProfile? profile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        _partnerId = partnerId;
        _fx = fx;
        _parse = new FieldParser(profile);
    }

    public RecordSchema Schema => RecordSchema.Deals;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RowResult<DealRow> Normalise(in RawRecord record)
    {
        _problems.Clear();
        var v = record.Values;
        _defectColumn = record.Defect?.Column;
        if (record.Defect is { } defect) _problems.Add(defect);

        var dealId = DealId(v[DealColumns.DealIdIx]);
        var closeDate = Date(DealColumns.CloseDate, v[DealColumns.CloseDateIx], required: true);
        var customerId = Text(DealColumns.CustomerId, v[DealColumns.CustomerIdIx]);
        var product = Text(DealColumns.Product, v[DealColumns.ProductIx]);
        var quantity = Quantity(v[DealColumns.QuantityIx]);
        var list = Amount(DealColumns.ListAmount, v[DealColumns.ListAmountIx]);
        var net = Amount(DealColumns.NetAmount, v[DealColumns.NetAmountIx]);
        var currency = Currency(v[DealColumns.CurrencyIx]);
        var status = Status(v[DealColumns.StatusIx]);
        var refundDate = Date(DealColumns.RefundDate, v[DealColumns.RefundDateIx], required: false);
        CheckRefund(status, closeDate, refundDate, v[DealColumns.RefundDateIx]);

        decimal? rate = null;
        if (currency is not null && closeDate is { } close)
        {
            rate = _fx.RateOn(currency, close);
            if (rate is null)
            {
                Problem(DealColumns.Currency, currency, "no_fx_rate",
                    $"currency '{currency}' has no exchange rate to USD on or before {Iso(close)}, so the deal cannot be converted; ask finance to add the rate, then send the row again");
            }
        }

        // Checked last, and whether or not the row has other problems: the first row with an id claims it.
        if (dealId is not null && !_seen.Add(dealId))
        {
            Problem(DealColumns.DealId, dealId, "duplicate_deal_id",
                $"deal_id '{DisplayValue.Truncate(dealId)}' appears earlier in this file; each deal must appear once (the earlier row is the one kept)");
        }

        if (_problems.Count > 0) return RowResult.Rejected<DealRow>(new RejectedRow(record.Line, _problems.ToArray(), record.Values));

        var usdList = Money.Cents(list!.Value * rate!.Value);
        var usdNet = Money.Cents(net!.Value * rate.Value);
        if (usdList > LakeLimits.MaxAmount || usdNet > LakeLimits.MaxAmount)
        {
            Problem(DealColumns.ListAmount, v[DealColumns.ListAmountIx], "amount_too_large", "the amount is too large once converted to USD");
            return RowResult.Rejected<DealRow>(new RejectedRow(record.Line, _problems.ToArray(), record.Values));
        }
        return RowResult.Accepted(new DealRow(dealId!, _partnerId, closeDate!.Value, customerId, product, quantity!.Value,
            list.Value, net.Value, currency!, rate.Value, usdList, usdNet, status!.Value, refundDate));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? DealId(string? raw)
    {
        var id = raw?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            Problem(DealColumns.DealId, raw, "missing_value", "deal_id is missing; every deal needs its own id");
            return null;
        }
        if (id.Length > MaxDealIdLength)
        {
            Problem(DealColumns.DealId, id, "too_long", $"deal_id is {id.Length} characters long; at most {MaxDealIdLength} are allowed");
            return null;
        }
        if (id.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            Problem(DealColumns.DealId, id, "invalid_text", "deal_id contains a line break or control character");
            return null;
        }
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DateOnly? Date(string column, string? raw, bool required)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            if (required) Problem(column, raw, "missing_value", $"{column} is missing; write the date as {_parse.DateHint}");
            return null;
        }
        if (_parse.TryDate(raw, out var date)) return date;
        if (FieldParser.LooksLikeIsoDate(raw))
        {
            Problem(column, raw, "invalid_date", $"{column} '{DisplayValue.Truncate(raw.Trim())}' is not a real calendar date");
        }
        else
        {
            Problem(column, raw, "invalid_date", $"{column} '{DisplayValue.Truncate(raw.Trim())}' is not a date; write it as {_parse.DateHint}");
        }
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Text(string column, string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > MaxTextLength)
        {
            Problem(column, text, "too_long", $"{column} is {text.Length} characters long; at most {MaxTextLength} are allowed");
            return null;
        }
        return text;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int? Quantity(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            Problem(DealColumns.Quantity, raw, "missing_value", "quantity is missing; write a whole number of 1 or more");
            return null;
        }
        if (FieldParser.TryInteger(raw, out var q) && q is >= 1 and <= int.MaxValue) return (int)q;
        Problem(DealColumns.Quantity, raw, "invalid_quantity", $"quantity '{DisplayValue.Truncate(raw.Trim())}' must be a whole number of 1 or more");
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private decimal? Amount(string column, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            Problem(column, raw, "missing_value", $"{column} is missing; write an amount of zero or more, like 1250.00");
            return null;
        }
        if (!_parse.TryDecimal(raw, out var amount))
        {
            Problem(column, raw, "invalid_amount", $"{column} '{Shown(raw)}' is not a number; write digits with '{DecimalSeparatorHint}' for decimals and no currency sign or thousands separator, like 1250{DecimalSeparatorHint}00");
            return null;
        }
        if (amount < 0)
        {
            Problem(column, raw, "negative_amount", $"{column} '{Shown(raw)}' must be zero or more (report a refund with status refunded, not a negative amount)");
            return null;
        }
        var cents = Money.Cents(amount);
        if (cents > LakeLimits.MaxAmount)
        {
            Problem(column, raw, "amount_too_large", $"{column} '{Shown(raw)}' is too large");
            return null;
        }
        return cents;
    }

    private static string Shown(string raw) => DisplayValue.Truncate(raw.Trim());

    private char DecimalSeparatorHint => _parse.DecimalSeparator;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Currency(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Currencies.Usd;
        var code = raw.Trim();
        if (Currencies.Canonical(code) is { } canonical) return canonical;
        code = code.ToUpperInvariant();
        if (code.Length != 3 || !code.All(c => c is >= 'A' and <= 'Z'))
        {
            Problem(DealColumns.Currency, raw, "invalid_currency", $"currency '{DisplayValue.Truncate(raw.Trim())}' is not a three-letter ISO 4217 code such as USD, EUR or GBP");
            return null;
        }
        if (Currencies.Canonical(code) is not { } upper)
        {
            Problem(DealColumns.Currency, raw, "unknown_currency", $"currency '{code}' is not an ISO 4217 currency code");
            return null;
        }
        return upper;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DealStatus? Status(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return DealStatus.Won;
        var s = raw.Trim();
        if (s.Equals("won", StringComparison.OrdinalIgnoreCase)) return DealStatus.Won;
        if (s.Equals("refunded", StringComparison.OrdinalIgnoreCase)) return DealStatus.Refunded;
        Problem(DealColumns.Status, raw, "invalid_status", $"status '{DisplayValue.Truncate(s)}' must be won or refunded");
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckRefund(DealStatus? status, DateOnly? close, DateOnly? refund, string? rawRefund)
    {
        var refundGiven = !string.IsNullOrWhiteSpace(rawRefund);
        if (status == DealStatus.Refunded && !refundGiven)
        {
            Problem(DealColumns.RefundDate, rawRefund, "missing_refund_date", "refund_date is missing; a refunded deal needs the date of its refund");
        }
        else if (status == DealStatus.Won && refundGiven)
        {
            Problem(DealColumns.RefundDate, rawRefund, "refund_date_on_won_deal",
                "refund_date is set but status is won; set status to refunded, or clear refund_date");
        }
        if (refund is { } r && close is { } c && r < c)
        {
            Problem(DealColumns.RefundDate, rawRefund, "refund_before_close", $"refund_date {Iso(r)} is before close_date {Iso(c)}");
        }
    }

    private void Problem(string column, string? value, string code, string reason)
    {
        // The reader already explained what is wrong with this column (e.g. a JSON object for an amount).
        if (column == _defectColumn) return;
        _problems.Add(RowProblem.Of(column, value, code, reason));
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
