using CsCheck;
using Pipeline.Ingest;
using Xunit;

namespace Pipeline.Features.Tests.Ingest;

/// <summary>The vectorised separator scan of the whole-record CSV path against a byte-by-byte reading of the same rule.</summary>
public sealed class SeparatorScanPropertyTests
{
    // Records of 0-100 bytes (so both the 16-byte blocks and the tail are exercised) drawn mostly from separators,
    // plain letters and the bytes that send a record to the field-by-field path.
    private static readonly Gen<byte[]> Records =
        Gen.OneOfConst((byte)',', (byte)';', (byte)'\t', (byte)'a', (byte)'7', (byte)' ', (byte)'"', (byte)'\r', (byte)'\n', (byte)0xC3, (byte)0)
            .Array[0, 100];

    [Fact]
    public void Finds_the_separators_a_byte_by_byte_scan_finds_and_declines_the_same_records()
    {
        Gen.Select(Records, Gen.OneOfConst((byte)',', (byte)';', (byte)'\t'), Gen.Int[1, 40]).Sample((record, separator, room) =>
        {
            var ends = new int[room + 1];
            var ok = CsvRecordReader.TryFindSeparators(record, separator, ends, out var count);

            var expected = new List<int>();
            var declined = false;
            for (var i = 0; i < record.Length && !declined; i++)
            {
                if (record[i] is (byte)'"' or (byte)'\r') declined = true;
                else if (record[i] == separator)
                {
                    if (expected.Count == room) declined = true;
                    else expected.Add(i);
                }
            }

            Assert.Equal(!declined, ok);
            if (ok) Assert.Equal(expected, ends[..count]);
        }, iter: 20_000);
    }

    [Fact]
    public void A_long_plain_record_has_every_separator_found_in_order()
    {
        var record = "D-000123,2026-07-14,CUST-0042,Cloud Seats,3,2314.87,1999.50,EUR,won,,x,y,z"u8.ToArray();
        var ends = new int[20];

        Assert.True(CsvRecordReader.TryFindSeparators(record, (byte)',', ends, out var count));
        Assert.Equal(12, count);
        Assert.Equal([8, 19, 29, 41, 43, 51, 59, 63, 67, 68, 70, 72], ends[..count]);
        // One separator too many for the room given: declined, the field-by-field path takes the record.
        Assert.False(CsvRecordReader.TryFindSeparators(record, (byte)',', new int[12], out _));
    }
}
