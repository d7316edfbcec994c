using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Ingest;

/// <summary>
/// The deal ids seen so far in one file, to reject a repeated id. A drop can have millions of rows, so the
/// set holds a 64-bit fingerprint per id in an open-addressing table (8 bytes a slot: 5 million ids take
/// 64 MB, against ~300 MB for a HashSet of strings). Two different ids share a fingerprint with probability
/// about n²/2⁶⁵ (below one in a million for a 5-million-row file); the only effect would be a row rejected
/// as a duplicate with a reason, never two deals merged.
/// </summary>
public sealed class DealIdSet
{
    private const double MaxLoad = 0.7;
    // 256 independent tables chosen by the fingerprint's top byte: each grows on its own, so growing never
    // needs the old and the new copy of the whole set at once (a 5M-id set would briefly need 96 MB).
    private const int ShardBits = 8;
    private readonly ulong[][] _shards = new ulong[1 << ShardBits][];
    private readonly int[] _counts = new int[1 << ShardBits];

    public int Count { get; private set; }

    /// <summary>Adds the id; false when it was already there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(ReadOnlySpan<char> id) => Add(Fingerprint(id));

    /// <summary>Adds the id whose <see cref="Fingerprint(ReadOnlySpan{char})"/> this is; false when it was already there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(ulong fingerprint)
    {
        var shard = (int)(fingerprint >> (64 - ShardBits));
        var slots = _shards[shard] ??= new ulong[64];
        if (_counts[shard] + 1 > slots.Length * MaxLoad) slots = _shards[shard] = Grow(slots);
        if (!Insert(slots, fingerprint)) return false;
        _counts[shard]++;
        Count++;
        return true;
    }

    /// <summary>
    /// Asks the CPU to start loading the slot where <paramref name="fingerprint"/> goes. A million-id set is larger
    /// than the CPU caches and ids arrive in no useful order, so each <see cref="Add(ulong)"/> waits for memory
    /// (about 170 ns of a deal row's 700); the normaliser prefetches when a row starts and adds when it ends,
    /// with the row's parsing in between. Only a hint: nothing changes if the table grows meanwhile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong fingerprint)
    {
        if (!Sse.IsSupported) return;
        var slots = _shards[(int)(fingerprint >> (64 - ShardBits))];
        if (slots is null) return;
        fixed (ulong* slot = &slots[(int)fingerprint & (slots.Length - 1)]) Sse.Prefetch0(slot);
    }

    private static bool Insert(ulong[] slots, ulong fingerprint)
    {
        var mask = slots.Length - 1;
        var i = (int)fingerprint & mask;
        while (true)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                slots[i] = fingerprint;
                return true;
            }
            if (slot == fingerprint) return false;
            i = (i + 1) & mask;
        }
    }

    private static ulong[] Grow(ulong[] slots)
    {
        var bigger = new ulong[slots.Length * 2];
        foreach (var f in slots)
        {
            if (f != 0) Insert(bigger, f);
        }
        return bigger;
    }

    /// <summary>A well-mixed 64-bit hash of the id's UTF-16 code units (splitmix64 finaliser per 8 bytes); never 0, which marks an empty slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Fingerprint(ReadOnlySpan<char> id)
    {
        var bytes = MemoryMarshal.AsBytes(id);
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = Mix(h ^ MemoryMarshal.Read<ulong>(bytes));
            bytes = bytes[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
        h = Mix(h ^ tail ^ 0xFF00000000000000UL);
        return h == 0 ? 1 : h;
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
