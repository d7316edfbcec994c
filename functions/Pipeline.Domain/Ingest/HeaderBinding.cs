using System.Text;

namespace Pipeline.Domain.Ingest;

/// <summary>
/// Which field of a file feeds which column of a <see cref="RecordSchema"/>. Names match case-, space- and
/// punctuation-insensitively ("Deal ID", "deal_id" and "DealId" are one column), then through the partner
/// profile's aliases. Columns the schema does not know are ignored (partners often export extra columns).
/// </summary>
public sealed class HeaderBinding
{
    private readonly int[] _fieldToColumn;

    private HeaderBinding(RecordSchema schema, int[] fieldToColumn, int fieldCount)
    {
        Schema = schema;
        _fieldToColumn = fieldToColumn;
        FieldCount = fieldCount;
    }

    public RecordSchema Schema { get; }

    /// <summary>Number of fields in the header.</summary>
    public int FieldCount { get; }

    /// <summary>The schema column that field <paramref name="field"/> feeds, or -1 when it is ignored.</summary>
    public int ColumnOf(int field) => field < _fieldToColumn.Length ? _fieldToColumn[field] : -1;

    /// <summary>The schema column a name (a header cell or a JSON property) feeds, or -1.</summary>
    public static int ColumnOf(RecordSchema schema, string name, PartnerProfile? profile)
    {
        var key = Key(name);
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            if (Key(schema.Columns[i]) == key) return i;
        }
        if (profile is not null)
        {
            foreach (var (alias, column) in profile.HeaderAliases)
            {
                if (Key(alias) == key) return schema.IndexOf(column);
            }
        }
        return -1;
    }

    /// <summary>
    /// Binds a header to the schema, or says why the file cannot be read: no header, a required column
    /// missing, or two header cells that mean the same column.
    /// </summary>
    public static Result Bind(RecordSchema schema, IReadOnlyList<string> header, PartnerProfile? profile)
    {
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            return new Result(null, new DropRejection(DropRejection.Codes.NoHeader,
                $"The file has no header line. The first line must name the columns, e.g. {string.Join(",", schema.Required)}.", 1));
        }

        var map = new int[header.Count];
        var seen = new string?[schema.Columns.Count];
        for (var f = 0; f < header.Count; f++)
        {
            var column = ColumnOf(schema, header[f], profile);
            map[f] = column;
            if (column < 0) continue;
            if (seen[column] is { } first)
            {
                return new Result(null, new DropRejection(DropRejection.Codes.DuplicateColumn,
                    $"The header has column '{schema.Columns[column]}' twice ('{DisplayValue.Truncate(first)}' and '{DisplayValue.Truncate(header[f])}'); keep one.", 1));
            }
            seen[column] = header[f];
        }

        var missing = schema.Required.Where(r => seen[schema.IndexOf(r)] is null).ToList();
        if (missing.Count > 0)
        {
            var looksLikeData = header.Any(h => h.Length > 0 && (char.IsDigit(h[0]) || h[0] == '-'));
            var hint = looksLikeData ? " The first line looks like data: add a header line naming the columns." : "";
            return new Result(null, new DropRejection(
                looksLikeData && missing.Count == schema.Required.Count ? DropRejection.Codes.NoHeader : DropRejection.Codes.MissingColumn,
                $"The {schema.Name} has no {(missing.Count == 1 ? "column" : "columns")} {string.Join(", ", missing.Select(m => $"'{m}'"))}, which {(missing.Count == 1 ? "is" : "are")} required.{hint}", 1));
        }
        return new Result(new HeaderBinding(schema, map, header.Count), null);
    }

    /// <summary>The form names are compared in: lower case, without spaces, underscores, hyphens or dots.</summary>
    public static string Key(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c is '_' or '-' or '.' or '\uFEFF') continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>A binding, or the reason the header cannot be bound.</summary>
    public readonly record struct Result(HeaderBinding? Binding, DropRejection? Rejection);
}
