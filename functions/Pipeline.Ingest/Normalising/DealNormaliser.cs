using System.Globalization;
using System.Runtime.CompilerServices;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Reference;
using Pipeline.Domain.Ingest;
using Pipeline.Domain;

namespace Pipeline.Ingest;

/// <summary>
/// Turns the raw records of one partner's deals file into <see cref="DealRow"/>s, or says, column by column,
/// why a record is refused. One instance per file: it remembers the deal ids
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
    // Customers and products repeat across a file's rows: one string per distinct value, not one per row.
    private readonly TextPool _customers = new(TextPoolSize);
    private readonly TextPool _products = new(TextPoolSize);
    private const int TextPoolSize = 4096;
    private readonly List<string> _currencies = [];
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

        // Where this id's slot is in the seen-ids table starts loading now; it is needed at the end of the row.
        var fingerprint = DealIdSet.Fingerprint(v.Span(DealColumns.DealIdIx).Trim());
        _seen.Prefetch(fingerprint);

        var dealId = DealId(v, out var validId);
        var closeDate = Date(DealColumns.CloseDate, v, DealColumns.CloseDateIx, required: true);
        var customerId = Text(DealColumns.CustomerId, v, DealColumns.CustomerIdIx, _customers);
        var product = Text(DealColumns.Product, v, DealColumns.ProductIx, _products);
        var quantity = Quantity(v);
        var list = Amount(DealColumns.ListAmount, v, DealColumns.ListAmountIx);
        var net = Amount(DealColumns.NetAmount, v, DealColumns.NetAmountIx);
        var currency = Currency(v);
        var status = Status(v);
        var refundDate = Date(DealColumns.RefundDate, v, DealColumns.RefundDateIx, required: false);
        CheckRefund(status, closeDate, refundDate, v);

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
        if (validId && !_seen.Add(fingerprint))
        {
            Problem(DealColumns.DealId, dealId.ToString(), "duplicate_deal_id",
                $"deal_id '{DisplayValue.Truncate(dealId.ToString())}' appears earlier in this file; each deal must appear once (the earlier row is the one kept)");
        }

        if (_problems.Count > 0) return Rejected(record);

        var usdList = Money.Cents(list!.Value * rate!.Value);
        var usdNet = Money.Cents(net!.Value * rate.Value);
        if (usdList > LakeLimits.MaxAmount || usdNet > LakeLimits.MaxAmount)
        {
            Problem(DealColumns.ListAmount, v[DealColumns.ListAmountIx], "amount_too_large", "the amount is too large once converted to USD");
            return Rejected(record);
        }
        return RowResult.Accepted(new DealRow(dealId.ToString(), _partnerId, closeDate!.Value, customerId, product, quantity!.Value,
            list.Value, net.Value, currency!, rate.Value, usdList, usdNet, status!.Value, refundDate));
    }

    /// <summary>The rejection keeps the values as strings: the reader reuses its buffer for the next record.</summary>
    private RowResult<DealRow> Rejected(in RawRecord record) =>
        RowResult.Rejected<DealRow>(new RejectedRow(record.Line, _problems.ToArray(), record.Values.ToArray()));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<char> DealId(RecordValues v, out bool valid)
    {
        valid = false;
        var id = v.Span(DealColumns.DealIdIx).Trim();
        if (id.IsEmpty)
        {
            Problem(DealColumns.DealId, v[DealColumns.DealIdIx], "missing_value", "deal_id is missing; every deal needs its own id");
            return default;
        }
        if (id.Length > MaxDealIdLength)
        {
            Problem(DealColumns.DealId, id.ToString(), "too_long", $"deal_id is {id.Length} characters long; at most {MaxDealIdLength} are allowed");
            return default;
        }
        if (id.ContainsAnyInRange('\0', '\u001f'))
        {
            Problem(DealColumns.DealId, id.ToString(), "invalid_text", "deal_id contains a line break or control character");
            return default;
        }
        valid = true;
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DateOnly? Date(string column, RecordValues v, int index, bool required)
    {
        var raw = v.Span(index);
        if (raw.IsWhiteSpace())
        {
            if (required) Problem(column, v[index], "missing_value", $"{column} is missing; write the date as {_parse.DateHint}");
            return null;
        }
        if (_parse.TryDate(raw, out var date))
        {
            if (LakeLimits.InRange(date)) return date;
            Problem(column, v[index], "date_out_of_range", LakeLimits.OutOfRange(column, date));
            return null;
        }

        if (FieldParser.LooksLikeIsoDate(raw))
        {
            Problem(column, v[index], "invalid_date", $"{column} '{Shown(raw)}' is not a real calendar date");
        }
        else
        {
            Problem(column, v[index], "invalid_date", $"{column} '{Shown(raw)}' is not a date; write it as {_parse.DateHint}");
        }
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Text(string column, RecordValues v, int index, TextPool pool)
    {
        var text = v.Span(index).Trim();
        if (text.IsEmpty) return null;
        if (text.Length > MaxTextLength)
        {
            Problem(column, text.ToString(), "too_long", $"{column} is {text.Length} characters long; at most {MaxTextLength} are allowed");
            return null;
        }
        return pool.Get(text);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int? Quantity(RecordValues v)
    {
        var raw = v.Span(DealColumns.QuantityIx);
        if (raw.IsWhiteSpace())
        {
            Problem(DealColumns.Quantity, v[DealColumns.QuantityIx], "missing_value", "quantity is missing; write a whole number of 1 or more");
            return null;
        }
        if (FieldParser.TryInteger(raw, out var q) && q is >= 1 and <= int.MaxValue) return (int)q;
        Problem(DealColumns.Quantity, v[DealColumns.QuantityIx], "invalid_quantity", $"quantity '{Shown(raw)}' must be a whole number of 1 or more");
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private decimal? Amount(string column, RecordValues v, int index)
    {
        var raw = v.Span(index);
        if (raw.IsWhiteSpace())
        {
            Problem(column, v[index], "missing_value", $"{column} is missing; write an amount of zero or more, like 1250.00");
            return null;
        }
        if (!_parse.TryDecimal(raw, out var amount))
        {
            Problem(column, v[index], "invalid_amount", $"{column} '{Shown(raw)}' is not a number; write digits with '{DecimalSeparatorHint}' for decimals and no currency sign or thousands separator, like 1250{DecimalSeparatorHint}00");
            return null;
        }
        if (amount < 0)
        {
            Problem(column, v[index], "negative_amount", $"{column} '{Shown(raw)}' must be zero or more (report a refund with status refunded, not a negative amount)");
            return null;
        }
        var cents = Money.Cents(amount);
        if (cents > LakeLimits.MaxAmount)
        {
            Problem(column, v[index], "amount_too_large", $"{column} '{Shown(raw)}' is too large");
            return null;
        }
        return cents;
    }

    private static string Shown(ReadOnlySpan<char> raw) => DisplayValue.Truncate(raw.Trim().ToString());

    private char DecimalSeparatorHint => _parse.DecimalSeparator;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Currency(RecordValues v)
    {
        var span = v.Span(DealColumns.CurrencyIx);
        if (span.IsWhiteSpace()) return Currencies.Usd;
        var trimmed = span.Trim();
        // A file uses a handful of currencies: compare with those seen before looking the code up.
        foreach (var seen in _currencies)
        {
            if (trimmed.SequenceEqual(seen)) return seen;
        }
        if (Currencies.Canonical(trimmed) is { } canonical)
        {
            if (_currencies.Count < 16) _currencies.Add(canonical);
            return canonical;
        }
        var raw = v[DealColumns.CurrencyIx]!;
        var code = raw.Trim().ToUpperInvariant();
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
    private DealStatus? Status(RecordValues v)
    {
        var raw = v.Span(DealColumns.StatusIx);
        if (raw.IsWhiteSpace()) return DealStatus.Won;
        var s = raw.Trim();
        if (s.Equals(DealStatuses.Won, StringComparison.OrdinalIgnoreCase)) return DealStatus.Won;
        if (s.Equals(DealStatuses.Refunded, StringComparison.OrdinalIgnoreCase)) return DealStatus.Refunded;
        Problem(DealColumns.Status, v[DealColumns.StatusIx], "invalid_status", $"status '{DisplayValue.Truncate(s.ToString())}' must be won or refunded");
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckRefund(DealStatus? status, DateOnly? close, DateOnly? refund, RecordValues v)
    {
        var refundGiven = !v.Span(DealColumns.RefundDateIx).IsWhiteSpace();
        if (status == DealStatus.Refunded && !refundGiven)
        {
            Problem(DealColumns.RefundDate, v[DealColumns.RefundDateIx], "missing_refund_date", "refund_date is missing; a refunded deal needs the date of its refund");
        }
        else if (status == DealStatus.Won && refundGiven)
        {
            Problem(DealColumns.RefundDate, v[DealColumns.RefundDateIx], "refund_date_on_won_deal",
                "refund_date is set but status is won; set status to refunded, or clear refund_date");
        }
        if (refund is { } r && close is { } c && r < c)
        {
            Problem(DealColumns.RefundDate, v[DealColumns.RefundDateIx], "refund_before_close", $"refund_date {Iso(r)} is before close_date {Iso(c)}");
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
