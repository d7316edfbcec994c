using System.Text.Json;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Writes rejected rows to quarantine as JSON Lines (<c>quarantine/{partnerId}/{dropId}.jsonl</c>): the line,
/// the values as read under our column names, and every problem with its code. Unlike the feedback report
/// (for the partner, in a spreadsheet), this is for support and reprocessing: it keeps values whole.
/// </summary>
public sealed class QuarantineWriter : IRejectedRowSink, IAsyncDisposable
{
    private readonly Utf8JsonWriter _json;
    private readonly Stream _output;
    private readonly RecordSchema _schema;
    private readonly bool _leaveOpen;

    public QuarantineWriter(Stream output, RecordSchema schema, bool leaveOpen = false)
    {
        _output = output;
        _schema = schema;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = true });
    }

    public long Rows { get; private set; }

    public async ValueTask AddAsync(RejectedRow row, CancellationToken cancellationToken = default)
    {
        _json.WriteStartObject();
        _json.WriteNumber("line", row.Line);
        _json.WriteStartObject("values");
        if (row.Values is { } values)
        {
            for (var i = 0; i < values.Count && i < _schema.Columns.Count; i++)
            {
                if (values[i] is { } v) _json.WriteString(_schema.Columns[i], v);
            }
        }
        _json.WriteEndObject();
        _json.WriteStartArray("problems");
        foreach (var p in row.Problems)
        {
            _json.WriteStartObject();
            _json.WriteString("column", p.Column);
            _json.WriteString("code", p.Code);
            _json.WriteString("reason", p.Reason);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken);
        _output.WriteByte((byte)'\n');
        _json.Reset();
        Rows++;
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync();
        await _output.FlushAsync();
        if (!_leaveOpen) await _output.DisposeAsync();
    }
}
