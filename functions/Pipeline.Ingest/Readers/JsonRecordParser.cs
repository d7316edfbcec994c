using System.Buffers;
using System.Text.Json;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Turns one JSON object (a line of JSON Lines, an item of a JSON array) into a <see cref="RawRecord"/>:
/// property names are matched like CSV headers; strings, numbers and booleans become text (numbers keep
/// their exact digits, so 0.1 stays 0.1); null is an empty value. Anything else is a row problem.
/// </summary>
internal sealed class JsonRecordParser
{
    private readonly RecordSchema _schema;
    private readonly PartnerProfile? _profile;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);

    public JsonRecordParser(RecordSchema schema, PartnerProfile? profile)
    {
        _schema = schema;
        _profile = profile;
    }

    /// <summary>Parses one complete JSON value. Throws <see cref="JsonException"/> when it is not valid JSON.</summary>
    public int ColumnCount => _schema.Columns.Count;

    public RawRecord Parse(ReadOnlySpan<byte> json, long line)
    {
        var values = new string?[_schema.Columns.Count];
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new RawRecord(line, values, RowProblem.Of("(row)", null, "not_an_object",
                "this item is not a JSON object; every record must be an object like {\"deal_id\": \"D-1\", ...}"));
        }

        RowProblem? defect = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var column = ColumnOf(name);
            string? value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                if (column >= 0)
                {
                    defect ??= RowProblem.Of(_schema.Columns[column], null, "not_a_value",
                        $"{_schema.Columns[column]} is a JSON {(reader.TokenType == JsonTokenType.EndObject ? "object" : "list")}; write text or a number");
                }
                continue;
            }
            if (column < 0) continue;
            if (values[column] is not null)
            {
                defect ??= RowProblem.Of(_schema.Columns[column], value, "duplicate_key",
                    $"the record names {_schema.Columns[column]} twice; keep one");
            }
            values[column] = value;
        }
        // Trailing content after the object (two objects on one line) is not valid JSON Lines.
        if (reader.Read()) throw new JsonException("there is more than one JSON value on the line");
        return new RawRecord(line, values, defect);
    }

    private int ColumnOf(string name)
    {
        if (!_columns.TryGetValue(name, out var column))
        {
            column = HeaderBinding.ColumnOf(_schema, name, _profile);
            // Partners' keys repeat on every record: cache them, but not unboundedly if every key is new.
            if (_columns.Count < 1024) _columns[name] = column;
        }
        return column;
    }
}
