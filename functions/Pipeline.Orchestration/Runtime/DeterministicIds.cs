using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Orchestration.Runtime;

/// <summary>Name-based (version 5 style) Guids: the same name gives the same Guid on every replay and every machine.</summary>
internal static class DeterministicIds
{
    public static Guid FromName(string name)
    {
        // SHA-1 as RFC 4122 name-based ids use it: uniqueness, not secrecy, is needed here.
#pragma warning disable CA5350
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
