using System.Globalization;
using System.Text.Json;

namespace Pipeline.Domain.Programs;

/// <summary>Collects problems found while reading a program file, in file order.</summary>
internal sealed class ErrorSink
{
    private readonly List<ProgramError> errors = [];
    public IReadOnlyList<ProgramError> Errors => errors;
    public void Add(string path, string message) => errors.Add(new ProgramError(path, message));
    public bool HasErrorAt(string path) => errors.Exists(e => e.Path == path);
}

/// <summary>
/// Reads one JSON object's properties, remembering each path so every problem is reported where it is, and
/// carrying on after a problem so that all of them are reported at once. Missing or bad values read as a
/// placeholder; the caller throws when the sink has errors, so placeholders never reach a calculation.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement element;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    private JsonObjectReader(JsonElement element, string path, ErrorSink errors)
    {
        this.element = element;
        Path = path;
        Errors = errors;
    }

    public string Path { get; }
    public ErrorSink Errors { get; }

    public static JsonObjectReader? Open(JsonElement element, string path, ErrorSink errors)
    {
        if (element.ValueKind == JsonValueKind.Object) return new JsonObjectReader(element, path, errors);
        errors.Add(path, "must be an object");
        return null;
    }

    public string At(string name) => Path is "$" or "" ? name : $"{Path}.{name}";

    /// <summary>Whether an optional property is given (and not null); counts it as known.</summary>
    public bool Has(string name)
    {
        known.Add(name);
        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
    }

    public string String(string name)
    {
        if (!TryGet(name, required: true, out var value)) return "";
        if (value.ValueKind != JsonValueKind.String) return Fail(name, "must be a string", "");
        var text = value.GetString()!;
        return text.Trim().Length == 0 ? Fail(name, "must not be empty", text) : text;
    }

    /// <summary>An identifier others refer to: lowercase letters, digits, '-' and '_'.</summary>
    public string Id(string name)
    {
        var id = String(name);
        if (id.Length > 0 && !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            Errors.Add(At(name), $"'{id}' must use only lowercase letters, digits, '-' and '_'");
        return id;
    }

    /// <summary>A required number whose range is checked elsewhere (an anomaly check's thresholds state their rules).</summary>
    public decimal Decimal(string name) => Decimal(name, decimal.MinValue);

    public decimal Decimal(string name, decimal min, decimal max = decimal.MaxValue, bool minExclusive = false) =>
        OptionalDecimal(name, min, max, minExclusive, required: true) ?? 0m;

    public decimal? OptionalDecimal(string name, decimal min, decimal max = decimal.MaxValue, bool minExclusive = false, bool required = false)
    {
        if (!TryGet(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
            return Fail<decimal?>(name, "must be a number", null);
        CheckRange(At(name), number, min, max, minExclusive);
        return number;
    }

    /// <summary>A decimal given as a fraction of something: 0 to 1 inclusive.</summary>
    public decimal Fraction(string name) => Decimal(name, 0m, 1m);

    /// <summary>A required whole number whose range is checked elsewhere.</summary>
    public int Int(string name) => Int(name, int.MinValue);

    public int Int(string name, int min, int max = int.MaxValue)
    {
        if (!TryGet(name, required: true, out var value)) return 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            return Fail(name, "must be a whole number", 0);
        CheckRange(At(name), number, min, max, minExclusive: false);
        return number;
    }

    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, required: false, out var value)) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Fail(name, "must be true or false", fallback),
        };
    }

    public JsonObjectReader? Object(string name, bool required)
    {
        if (!TryGet(name, required, out var value)) return null;
        return Open(value, At(name), Errors);
    }

    /// <summary>Reads an array, each item through <paramref name="read"/> with its own path (name[i]).</summary>
    public ValueList<T>? Array<T>(string name, bool required, Func<JsonElement, string, T> read)
    {
        if (!TryGet(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) return Fail<ValueList<T>?>(name, "must be an array", null);
        if (value.GetArrayLength() == 0) return Fail<ValueList<T>?>(name, "must not be empty", null);
        return new ValueList<T>(value.EnumerateArray().Select((item, i) => read(item, $"{At(name)}[{i}]")));
    }

    public ValueList<string> StringArray(string name) =>
        Array(name, required: true, (item, path) =>
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } s) return s;
            Errors.Add(path, "must be a non-empty string");
            return "";
        }) ?? ValueList.Empty<string>();

    /// <summary>Reports properties nobody read: a misspelt name would otherwise be silently ignored.</summary>
    public void RejectUnknown()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name)) Errors.Add(At(property.Name), "appears more than once");
            else if (!known.Contains(property.Name))
                Errors.Add(At(property.Name), $"is not a known property (expected one of: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        }
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        known.Add(name);
        if (element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        if (required) Errors.Add(At(name), "is required");
        return false;
    }

    private void CheckRange(string path, decimal number, decimal min, decimal max, bool minExclusive)
    {
        var tooLow = minExclusive ? number <= min : number < min;
        if (!tooLow && number <= max) return;
        var bounded = max != decimal.MaxValue && max != int.MaxValue;
        Errors.Add(path, (bounded, minExclusive) switch
        {
            (true, false) => $"must be between {Show(min)} and {Show(max)}",
            (true, true) => $"must be greater than {Show(min)} and at most {Show(max)}",
            (false, true) => $"must be greater than {Show(min)}",
            (false, false) => $"must be at least {Show(min)}",
        });
    }

    private T Fail<T>(string name, string message, T placeholder)
    {
        Errors.Add(At(name), message);
        return placeholder;
    }

    private static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
