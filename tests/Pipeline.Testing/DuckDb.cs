using DuckDB.NET.Data;

namespace Pipeline.Testing;

/// <summary>An independent reader for our Parquet: DuckDB in memory, one connection per query.</summary>
public static class DuckDb
{
    /// <summary>Runs <paramref name="sql"/> and returns its rows (DBNull as null).</summary>
    public static List<object?[]> Query(string sql) => Query([], sql);

    /// <summary>Runs the <paramref name="setup"/> statements (macros, views), then <paramref name="sql"/> on the same connection.</summary>
    public static List<object?[]> Query(IEnumerable<string> setup, string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        foreach (var statement in setup)
        {
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }

        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Column name → DuckDB type, as DESCRIBE reports them.</summary>
    public static Dictionary<string, string> Describe(string parquetPath) =>
        Query($"DESCRIBE SELECT * FROM read_parquet('{parquetPath}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
}
