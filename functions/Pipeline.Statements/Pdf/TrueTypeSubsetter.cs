using System.Buffers.Binary;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// Shrinks a TrueType font to the glyphs a document uses, keeping every glyph id (unused glyphs become
/// empty) so the font's own cmap and metrics still apply. SkiaSharp's PDF backend is built without a font
/// subsetter and embeds whole fonts (DejaVu Sans: ~750 KB per statement); handing it a font that is already
/// subset keeps a one-page statement to a few tens of KB. Layout tables the PDF never uses (kerning, OpenType
/// layout, hinting device tables) are dropped.
/// </summary>
internal static class TrueTypeSubsetter
{
    // What a PDF viewer needs to draw an embedded TrueType font (ISO 32000 9.9) plus cmap, OS/2, name and
    // post, which Skia and FreeType read when the subset is loaded as a typeface.
    private static readonly string[] KeptTables =
        ["OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"];

    public static uint Tag(string tag) =>
        (uint)tag[0] << 24 | (uint)tag[1] << 16 | (uint)tag[2] << 8 | tag[3];

    /// <param name="tables">The font's tables by tag (from SKTypeface.GetTableData).</param>
    /// <param name="glyphs">Glyph ids the document draws; .notdef and composite components are added.</param>
    public static byte[] Subset(IReadOnlyDictionary<uint, byte[]> tables, IEnumerable<ushort> glyphs)
    {
        var head = (byte[])tables[Tag("head")].Clone();
        var maxp = tables[Tag("maxp")];
        var glyf = tables[Tag("glyf")];
        var numGlyphs = BinaryPrimitives.ReadUInt16BigEndian(maxp.AsSpan(4));
        var loca = ReadLoca(tables[Tag("loca")], numGlyphs, longFormat: BinaryPrimitives.ReadInt16BigEndian(head.AsSpan(50)) == 1);

        var keep = Closure(glyf, loca, glyphs.Append((ushort)0), numGlyphs);

        // New glyf: kept glyphs copied 4-byte aligned, the others empty (equal consecutive loca offsets).
        using var newGlyf = new MemoryStream();
        var newLoca = new byte[(numGlyphs + 1) * 4];
        for (var g = 0; g < numGlyphs; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(g * 4), (uint)newGlyf.Length);
            if (!keep[g]) continue;
            newGlyf.Write(glyf, (int)loca[g], (int)(loca[g + 1] - loca[g]));
            while (newGlyf.Length % 4 != 0) newGlyf.WriteByte(0);
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(numGlyphs * 4), (uint)newGlyf.Length);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // indexToLocFormat: long offsets
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set below

        var output = new SortedDictionary<uint, byte[]>();
        foreach (var name in KeptTables)
        {
            var tag = Tag(name);
            if (!tables.TryGetValue(tag, out var data)) continue;
            output[tag] = name switch
            {
                "head" => head,
                "glyf" => newGlyf.ToArray(),
                "loca" => newLoca,
                "post" => PostWithoutNames(data),
                "hmtx" => MetricsOfKeptGlyphs(data, keep, BinaryPrimitives.ReadUInt16BigEndian(tables[Tag("hhea")].AsSpan(34))),
                _ => data,
            };
        }

        return Assemble(output);
    }

    private static uint[] ReadLoca(byte[] loca, int numGlyphs, bool longFormat)
    {
        var offsets = new uint[numGlyphs + 1];
        for (var i = 0; i <= numGlyphs; i++)
            offsets[i] = longFormat
                ? BinaryPrimitives.ReadUInt32BigEndian(loca.AsSpan(i * 4))
                : BinaryPrimitives.ReadUInt16BigEndian(loca.AsSpan(i * 2)) * 2u;
        return offsets;
    }

    /// <summary>Adds the glyphs that composite glyphs are built from (an "é" is often "e" plus an accent).</summary>
    private static bool[] Closure(byte[] glyf, uint[] loca, IEnumerable<ushort> glyphs, int numGlyphs)
    {
        var keep = new bool[numGlyphs];
        var pending = new Stack<ushort>(glyphs.Where(g => g < numGlyphs));
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (keep[g]) continue;
            keep[g] = true;
            var start = (int)loca[g];
            if (loca[g + 1] - loca[g] < 10 || BinaryPrimitives.ReadInt16BigEndian(glyf.AsSpan(start)) >= 0) continue;

            var p = start + 10;
            ushort flags;
            do
            {
                flags = BinaryPrimitives.ReadUInt16BigEndian(glyf.AsSpan(p));
                var component = BinaryPrimitives.ReadUInt16BigEndian(glyf.AsSpan(p + 2));
                if (component < numGlyphs) pending.Push(component);
                p += 4 + ((flags & 0x0001) != 0 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
                if ((flags & 0x0008) != 0) p += 2; // WE_HAVE_A_SCALE
                else if ((flags & 0x0040) != 0) p += 4; // WE_HAVE_AN_X_AND_Y_SCALE
                else if ((flags & 0x0080) != 0) p += 8; // WE_HAVE_A_TWO_BY_TWO
            }
            while ((flags & 0x0020) != 0); // MORE_COMPONENTS
        }

        return keep;
    }

    /// <summary>
    /// Zeroes the horizontal metrics of dropped glyphs (a third of the embedded size otherwise, as 6,000 varied
    /// entries do not compress). The table keeps its layout, so kept glyphs keep their advances.
    /// </summary>
    private static byte[] MetricsOfKeptGlyphs(byte[] hmtx, bool[] keep, int numberOfHMetrics)
    {
        var metrics = new byte[hmtx.Length];
        for (var g = 0; g < keep.Length; g++)
        {
            if (!keep[g]) continue;
            // The first numberOfHMetrics glyphs have (advance, lsb); the rest only an lsb, sharing the last advance.
            var (offset, size) = g < numberOfHMetrics ? (g * 4, 4) : (numberOfHMetrics * 4 + (g - numberOfHMetrics) * 2, 2);
            if (offset + size <= hmtx.Length) hmtx.AsSpan(offset, size).CopyTo(metrics.AsSpan(offset));
        }

        // The last long metric's advance applies to every glyph after it, so it is kept whatever happens.
        if (numberOfHMetrics > 0) hmtx.AsSpan((numberOfHMetrics - 1) * 4, 2).CopyTo(metrics.AsSpan((numberOfHMetrics - 1) * 4));
        return metrics;
    }

    /// <summary>post format 3: no glyph names (a third of DejaVu's post table), which PDF does not need.</summary>
    private static byte[] PostWithoutNames(byte[] post)
    {
        var header = post.AsSpan(0, 32).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00030000);
        return header;
    }

    private static byte[] Assemble(SortedDictionary<uint, byte[]> tables)
    {
        var count = (ushort)tables.Count;
        var entrySelector = (ushort)Math.Floor(Math.Log2(count));
        var searchRange = (ushort)((1 << entrySelector) * 16);
        var headerLength = 12 + 16 * count;
        var length = headerLength + tables.Values.Sum(t => Align4(t.Length));
        var font = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(font, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(4), count);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(6), searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(8), entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(10), (ushort)(count * 16 - searchRange));

        var offset = headerLength;
        var record = 12;
        var headOffset = 0;
        foreach (var (tag, data) in tables)
        {
            data.CopyTo(font, offset);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record), tag);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 4), Checksum(font.AsSpan(offset, Align4(data.Length))));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 12), (uint)data.Length);
            if (tag == Tag("head")) headOffset = offset;
            offset += Align4(data.Length);
            record += 16;
        }

        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headOffset + 8), unchecked(0xB1B0AFBA - Checksum(font)));
        return font;
    }

    private static int Align4(int n) => (n + 3) & ~3;

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        return sum;
    }
}
