using System.Buffers.Binary;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// Cuts a TrueType font down to the characters a document uses. SkiaSharp's PDF backend is built without a
/// font subsetter and embeds whole fonts (DejaVu Sans: ~750 KB per statement, and most of the render time
/// spent compressing it); handed a font that is already subset, it embeds a few KB. Glyphs are renumbered
/// densely and a new cmap maps the used characters to them; advances are copied, so text measured with the
/// full font lays out identically. OpenType layout, kerning and device tables are dropped: statements are
/// drawn without shaping.
/// </summary>
internal static class TrueTypeSubsetter
{
    // What a PDF viewer needs to draw an embedded TrueType font (ISO 32000 9.9), plus cmap, OS/2, name and
    // post, which Skia and FreeType read when the subset is loaded as a typeface.
    private static readonly string[] KeptTables =
        ["OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"];

    public static uint Tag(string tag) =>
        (uint)tag[0] << 24 | (uint)tag[1] << 16 | (uint)tag[2] << 8 | tag[3];

    /// <param name="tables">The full font's tables by tag (from SKTypeface.GetTableData).</param>
    /// <param name="characters">Code points the document draws, each with its glyph id in the full font.</param>
    public static byte[] Subset(IReadOnlyDictionary<uint, byte[]> tables, IReadOnlyDictionary<int, ushort> characters)
    {
        var head = (byte[])tables[Tag("head")].Clone();
        var hhea = (byte[])tables[Tag("hhea")].Clone();
        var maxp = (byte[])tables[Tag("maxp")].Clone();
        var glyf = tables[Tag("glyf")];
        var numGlyphs = BinaryPrimitives.ReadUInt16BigEndian(maxp.AsSpan(4));
        var loca = ReadLoca(tables[Tag("loca")], numGlyphs, longFormat: BinaryPrimitives.ReadInt16BigEndian(head.AsSpan(50)) == 1);

        // New glyph ids in the order of the old ones: .notdef stays 0 and the result does not depend on hash order.
        var kept = Closure(glyf, loca, characters.Values.Append((ushort)0), numGlyphs);
        var newId = new Dictionary<ushort, ushort>(kept.Count);
        for (var i = 0; i < kept.Count; i++) newId[kept[i]] = (ushort)i;

        var newGlyf = new MemoryStream();
        var newLoca = new byte[(kept.Count + 1) * 4];
        for (var i = 0; i < kept.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(i * 4), (uint)newGlyf.Length);
            var g = kept[i];
            var data = glyf.AsSpan((int)loca[g], (int)(loca[g + 1] - loca[g])).ToArray();
            RenumberComponents(data, newId);
            newGlyf.Write(data);
            while (newGlyf.Length % 4 != 0) newGlyf.WriteByte(0);
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(kept.Count * 4), (uint)newGlyf.Length);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // indexToLocFormat: long offsets
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set when assembled
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)kept.Count);
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)kept.Count); // every glyph gets a full metric

        var output = new SortedDictionary<uint, byte[]>();
        foreach (var name in KeptTables)
        {
            var tag = Tag(name);
            if (!tables.TryGetValue(tag, out var data)) continue;
            output[tag] = name switch
            {
                "head" => head,
                "hhea" => hhea,
                "maxp" => maxp,
                "glyf" => newGlyf.ToArray(),
                "loca" => newLoca,
                "hmtx" => Metrics(data, kept, BinaryPrimitives.ReadUInt16BigEndian(tables[Tag("hhea")].AsSpan(34))),
                "cmap" => TrueTypeTables.Cmap(characters.ToDictionary(c => c.Key, c => newId[c.Value])),
                "post" => TrueTypeTables.PostWithoutNames(data),
                "name" => TrueTypeTables.NamesForIdentification(data),
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

    /// <summary>The glyphs to keep, sorted: the used ones and those composites are built from ("é" = "e" + accent).</summary>
    private static List<ushort> Closure(byte[] glyf, uint[] loca, IEnumerable<ushort> glyphs, int numGlyphs)
    {
        var keep = new SortedSet<ushort>();
        var pending = new Stack<ushort>(glyphs.Where(g => g < numGlyphs));
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (!keep.Add(g)) continue;
            foreach (var offset in ComponentOffsets(glyf.AsSpan((int)loca[g], (int)(loca[g + 1] - loca[g]))))
            {
                var component = BinaryPrimitives.ReadUInt16BigEndian(glyf.AsSpan((int)loca[g] + offset));
                if (component < numGlyphs) pending.Push(component);
            }
        }

        return [.. keep];
    }

    private static void RenumberComponents(byte[] glyph, Dictionary<ushort, ushort> newId)
    {
        foreach (var offset in ComponentOffsets(glyph))
            BinaryPrimitives.WriteUInt16BigEndian(glyph.AsSpan(offset), newId[BinaryPrimitives.ReadUInt16BigEndian(glyph.AsSpan(offset))]);
    }

    /// <summary>Offsets of the glyph-index fields of a composite glyph (none for a simple or empty glyph).</summary>
    private static List<int> ComponentOffsets(ReadOnlySpan<byte> glyph)
    {
        var offsets = new List<int>();
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0) return offsets;
        var p = 10;
        ushort flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[p..]);
            offsets.Add(p + 2);
            p += 4 + ((flags & 0x0001) != 0 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
            if ((flags & 0x0008) != 0) p += 2; // WE_HAVE_A_SCALE
            else if ((flags & 0x0040) != 0) p += 4; // WE_HAVE_AN_X_AND_Y_SCALE
            else if ((flags & 0x0080) != 0) p += 8; // WE_HAVE_A_TWO_BY_TWO
        }
        while ((flags & 0x0020) != 0); // MORE_COMPONENTS
        return offsets;
    }

    /// <summary>A full (advance, left side bearing) pair for each kept glyph, copied from the old metrics.</summary>
    private static byte[] Metrics(byte[] hmtx, List<ushort> kept, int numberOfHMetrics)
    {
        var metrics = new byte[kept.Count * 4];
        for (var i = 0; i < kept.Count; i++)
        {
            var g = kept[i];
            // Glyphs past numberOfHMetrics share the last advance and store only their side bearing.
            var advance = BinaryPrimitives.ReadUInt16BigEndian(hmtx.AsSpan(Math.Min(g, numberOfHMetrics - 1) * 4));
            var lsb = g < numberOfHMetrics
                ? BinaryPrimitives.ReadInt16BigEndian(hmtx.AsSpan(g * 4 + 2))
                : BinaryPrimitives.ReadInt16BigEndian(hmtx.AsSpan(numberOfHMetrics * 4 + (g - numberOfHMetrics) * 2));
            BinaryPrimitives.WriteUInt16BigEndian(metrics.AsSpan(i * 4), advance);
            BinaryPrimitives.WriteInt16BigEndian(metrics.AsSpan(i * 4 + 2), lsb);
        }

        return metrics;
    }

    private static byte[] Assemble(SortedDictionary<uint, byte[]> tables)
    {
        var count = (ushort)tables.Count;
        var entrySelector = (ushort)Math.Floor(Math.Log2(count));
        var searchRange = (ushort)((1 << entrySelector) * 16);
        var headerLength = 12 + 16 * count;
        var font = new byte[headerLength + tables.Values.Sum(t => Align4(t.Length))];
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
