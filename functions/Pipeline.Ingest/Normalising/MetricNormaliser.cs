using System.Globalization;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Turns the raw records of a metrics file into <see cref="MetricRow"/>s:
/// rates as a fraction 0–1 or a percentage ("25%"), a bare number above 1 refused because it is ambiguous
/// (25 could mean 25% or a typo); csat 1–5; response_hours zero or more.
/// </summary>
public sealed class MetricNormaliser : IRowNormaliser<MetricRow>
{
    /// <summary>Decimal places a metric value keeps (the lake stores DECIMAL(18,6)).</summary>
    public const int Scale = 6;

    private static readonly string KnownMetrics = string.Join(", ", MetricKinds.All.Select(k => k.Name()));

    private readonly string _partnerId;
    private readonly FieldParser _parse;
    private readonly List<RowProblem> _problems = [];
    private string? _defectColumn;

    public MetricNormaliser(string partnerId, PartnerProfile? profile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        _partnerId = partnerId;
        _parse = new FieldParser(profile);
    }

    public RecordSchema Schema => RecordSchema.Metrics;

    public RowResult<MetricRow> Normalise(in RawRecord record)
    {
        _problems.Clear();
        _defectColumn = record.Defect?.Column;
        if (record.Defect is { } defect) _problems.Add(defect);
        var v = record.Values;

        DateOnly? date = null;
        var rawDate = v[0];
        if (string.IsNullOrWhiteSpace(rawDate))
        {
            Problem(MetricColumns.Date, rawDate, "missing_value", $"date is missing; write it as {_parse.DateHint}");
        }
        else if (_parse.TryDate(rawDate, out var d))
        {
            if (LakeLimits.InRange(d)) date = d;
            else Problem(MetricColumns.Date, rawDate, "date_out_of_range", LakeLimits.OutOfRange("date", d));
        }
        else
        {
            Problem(MetricColumns.Date, rawDate, "invalid_date", FieldParser.LooksLikeIsoDate(rawDate)
                ? $"date '{Shown(rawDate)}' is not a real calendar date"
                : $"date '{Shown(rawDate)}' is not a date; write it as {_parse.DateHint}");
        }

        MetricKind? metric = null;
        var rawMetric = v[1];
        if (string.IsNullOrWhiteSpace(rawMetric))
        {
            Problem(MetricColumns.Metric, rawMetric, "missing_value", $"metric is missing; write one of {KnownMetrics}");
        }
        else if (MetricKinds.TryParse(rawMetric, out var m)) metric = m;
        else
        {
            Problem(MetricColumns.Metric, rawMetric, "unknown_metric", $"metric '{Shown(rawMetric)}' is not one of {KnownMetrics}");
        }

        var value = metric is { } kind ? Value(kind, v[2]) : null;
        if (metric is null && string.IsNullOrWhiteSpace(v[2]))
        {
            Problem(MetricColumns.Value, v[2], "missing_value", "value is missing");
        }

        if (_problems.Count > 0) return RowResult.Rejected<MetricRow>(new RejectedRow(record.Line, _problems.ToArray(), record.Values.ToArray()));
        return RowResult.Accepted(new MetricRow(_partnerId, date!.Value, metric!.Value, value!.Value));
    }

    private decimal? Value(MetricKind kind, string? raw)
    {
        var name = kind.Name();
        if (string.IsNullOrWhiteSpace(raw))
        {
            Problem(MetricColumns.Value, raw, "missing_value", $"the value of {name} is missing");
            return null;
        }
        var text = raw.Trim();
        var percent = text.EndsWith('%');
        if (!_parse.TryDecimal(percent ? text[..^1] : text, out var number))
        {
            Problem(MetricColumns.Value, raw, "invalid_number", $"{name} '{Shown(text)}' is not a number");
            return null;
        }

        if (kind.IsRate())
        {
            if (percent)
            {
                if (number is < 0 or > 100)
                {
                    Problem(MetricColumns.Value, raw, "rate_out_of_range", $"{name} '{Shown(text)}' must be between 0% and 100%");
                    return null;
                }
                number /= 100m;
            }
            else if (number > 1)
            {
                Problem(MetricColumns.Value, raw, "rate_out_of_range",
                    $"{name} '{Shown(text)}' is above 1; write a rate as a fraction such as 0.25 or as a percentage such as 25%");
                return null;
            }
            else if (number < 0)
            {
                Problem(MetricColumns.Value, raw, "rate_out_of_range", $"{name} '{Shown(text)}' must be between 0 and 1 (or 0% and 100%)");
                return null;
            }
            return Round(number);
        }

        if (percent)
        {
            Problem(MetricColumns.Value, raw, "invalid_number", $"{name} '{Shown(text)}' is not a percentage; write a plain number");
            return null;
        }
        if (kind == MetricKind.Csat && number is < 1 or > 5)
        {
            Problem(MetricColumns.Value, raw, "csat_out_of_range", $"csat '{Shown(text)}' must be between 1 and 5");
            return null;
        }
        if (kind == MetricKind.ResponseHours && number < 0)
        {
            Problem(MetricColumns.Value, raw, "negative_hours", $"response_hours '{Shown(text)}' must be zero or more");
            return null;
        }
        if (number > 999_999_999_999m)
        {
            Problem(MetricColumns.Value, raw, "value_too_large", $"{name} '{Shown(text)}' is too large");
            return null;
        }
        return Round(number);
    }

    // Why round here: the lake column has a fixed scale; rounding explicitly (half away from zero, like Money)
    // keeps what we store equal to what we validated.
    private static decimal Round(decimal value) => Math.Round(value, Scale, MidpointRounding.AwayFromZero);

    private static string Shown(string text) => DisplayValue.Truncate(text);

    private void Problem(string column, string? value, string code, string reason)
    {
        // The reader already explained what is wrong with this column (e.g. a JSON object for an amount).
        if (column == _defectColumn) return;
        _problems.Add(RowProblem.Of(column, value, code, reason));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"MetricNormaliser({_partnerId})");
}
