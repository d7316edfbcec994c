using System.Buffers.Binary;

namespace Pipeline.Statements.Pdf;

/// <summary>The tables a font subset gets new: a cmap for the kept characters, post without glyph names, a short name table.</summary>
internal static class TrueTypeTables
{
    /// <summary>
    /// A cmap for the used characters: format 4 (Windows BMP, what every reader supports) and format 12 (Windows
    /// full Unicode) so characters beyond the BMP keep their glyphs too.
    /// </summary>
    public static byte[] Cmap(Dictionary<int, ushort> map)
    {
        var chars = map.Keys.Order().ToList();
        var bmp = chars.Where(c => c <= 0xFFFE).ToList();

        // Format 4: one segment per character, then the required 0xFFFF terminator.
        var segCount = bmp.Count + 1;
        var f4 = new byte[16 + segCount * 8];
        BinaryPrimitives.WriteUInt16BigEndian(f4, 4);
        BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(2), (ushort)f4.Length);
        BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(6), (ushort)(segCount * 2));
        var entrySelector = (int)Math.Floor(Math.Log2(segCount));
        BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(8), (ushort)(2 << entrySelector));
        BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(10), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(12), (ushort)(segCount * 2 - (2 << entrySelector)));
        int ends = 14, starts = 16 + segCount * 2, deltas = starts + segCount * 2;
        for (var i = 0; i < segCount; i++)
        {
            var c = i < bmp.Count ? bmp[i] : 0xFFFF;
            var delta = i < bmp.Count ? (ushort)((map[c] - c) & 0xFFFF) : (ushort)1;
            BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(ends + i * 2), (ushort)c);
            BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(starts + i * 2), (ushort)c);
            BinaryPrimitives.WriteUInt16BigEndian(f4.AsSpan(deltas + i * 2), delta);
            // idRangeOffset stays 0: glyph = character + delta.
        }

        var f12 = new byte[16 + chars.Count * 12];
        BinaryPrimitives.WriteUInt16BigEndian(f12, 12);
        BinaryPrimitives.WriteUInt32BigEndian(f12.AsSpan(4), (uint)f12.Length);
        BinaryPrimitives.WriteUInt32BigEndian(f12.AsSpan(12), (uint)chars.Count);
        for (var i = 0; i < chars.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(f12.AsSpan(16 + i * 12), (uint)chars[i]);
            BinaryPrimitives.WriteUInt32BigEndian(f12.AsSpan(20 + i * 12), (uint)chars[i]);
            BinaryPrimitives.WriteUInt32BigEndian(f12.AsSpan(24 + i * 12), map[chars[i]]);
        }

        var cmap = new byte[4 + 2 * 8 + f4.Length + f12.Length];
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(2), 2);
        WriteEncodingRecord(cmap.AsSpan(4), platform: 3, encoding: 1, offset: 20);
        WriteEncodingRecord(cmap.AsSpan(12), platform: 3, encoding: 10, offset: 20 + f4.Length);
        f4.CopyTo(cmap, 20);
        f12.CopyTo(cmap, 20 + f4.Length);
        return cmap;
    }

    private static void WriteEncodingRecord(Span<byte> at, ushort platform, ushort encoding, int offset)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, platform);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], encoding);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], (uint)offset);
    }

    /// <summary>post format 3: no glyph names (which would no longer match the renumbered glyphs).</summary>
    public static byte[] PostWithoutNames(byte[] post)
    {
        var header = post.AsSpan(0, 32).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00030000);
        return header;
    }

    /// <summary>
    /// The name table cut to the records that identify the font (copyright, family, style, unique id, full name,
    /// version, PostScript name): the embedded font still says what it is, without the long license texts.
    /// </summary>
    public static byte[] NamesForIdentification(byte[] name)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(name.AsSpan(2));
        var storage = BinaryPrimitives.ReadUInt16BigEndian(name.AsSpan(4));
        var records = new List<(byte[] Record, byte[] Text)>();
        for (var i = 0; i < count; i++)
        {
            var record = name.AsSpan(6 + i * 12, 12);
            if (BinaryPrimitives.ReadUInt16BigEndian(record[6..]) > 6) continue;
            var length = BinaryPrimitives.ReadUInt16BigEndian(record[8..]);
            var offset = BinaryPrimitives.ReadUInt16BigEndian(record[10..]);
            if (storage + offset + length > name.Length) continue;
            records.Add((record.ToArray(), name.AsSpan(storage + offset, length).ToArray()));
        }

        var newStorage = 6 + records.Count * 12;
        var table = new byte[newStorage + records.Sum(r => r.Text.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(table.AsSpan(2), (ushort)records.Count);
        BinaryPrimitives.WriteUInt16BigEndian(table.AsSpan(4), (ushort)newStorage);
        var textOffset = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var (record, text) = records[i];
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)textOffset);
            record.CopyTo(table, 6 + i * 12);
            text.CopyTo(table, newStorage + textOffset);
            textOffset += text.Length;
        }

        return table;
    }
}
