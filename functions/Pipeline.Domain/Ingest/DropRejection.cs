namespace Pipeline.Domain.Ingest;

/// <summary>
/// A problem with the file as a whole: nothing in it is accepted. <see cref="Code"/> is stable (audit,
/// tests); <see cref="Reason"/> tells the partner what is wrong and what to send instead; <see cref="Line"/>
/// is where the problem was found, when it has a place.
/// </summary>
public sealed record DropRejection(string Code, string Reason, long? Line = null)
{
    public static class Codes
    {
        public const string Empty = "empty_file";
        public const string TooLarge = "file_too_large";
        public const string Compressed = "compressed_file";
        public const string Binary = "binary_file";
        public const string Encoding = "not_utf8";
        public const string NoHeader = "no_header";
        public const string MissingColumn = "missing_column";
        public const string DuplicateColumn = "duplicate_column";
        public const string UnterminatedQuote = "unterminated_quote";
        public const string LineTooLong = "line_too_long";
        public const string InvalidJson = "invalid_json";
        public const string UnknownPartner = "unknown_partner";
        public const string UnknownKind = "unknown_kind";
        public const string UnsupportedFormat = "unsupported_format";
    }
}
