using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.Domain;
using Pipeline.Domain.Inquiries;
using Pipeline.Azure;

namespace Pipeline.Inquiries;

/// <summary>A request about an inquiry that its state or the rules do not allow; the message says why (HTTP 409).</summary>
public sealed class InquiryConflictException(string message) : Exception(message);

/// <summary>Evidence refused at the door (too large, a type not accepted, a bad name): nothing was stored.</summary>
public sealed class EvidenceRefusedException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Partners' inquiries: a row per inquiry in <c>Inquiries</c> (partition = partner: a partner's inquiries are one
/// partition, and no query of one partner's can reach another's), its thread in <c>InquiryEntries</c> (append-only,
/// one row per message, never updated), its evidence in the <c>inquiries</c> container under the partner and
/// inquiry. State changes go through the inquiry row's ETag, so two finance users resolving at once resolve once.
/// A resolution is one row update (status, resolution and any correction together): no crash leaves a correction
/// without its resolution or the reverse; the thread's entry for it has a fixed key, so a retried resolve adds it once.
/// </summary>
public sealed class InquiryStore(StorageAccount storage, TimeProvider clock)
{
    public const long MaxEvidenceBytes = 5 * 1024 * 1024;
    public const int MaxEvidenceFiles = 10;
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);

    private TableClient Inquiries => storage.Table(Names.InquiriesTable);
    private TableClient Entries => storage.Table(Names.InquiryEntriesTable);

    public async Task<Inquiry> OpenAsync(string partnerId, InquirySubject subject, string message, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Problem() is { } problem) throw new ArgumentException(problem);
        if (Inquiry.MessageProblem(message) is { } bad) throw new ArgumentException(bad);
        var now = clock.GetUtcNow();
        var id = $"INQ-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var inquiry = new Inquiry(id, partnerId, subject, now, InquiryStatuses.Open, null, null, now, null);
        await Inquiries.AddEntityAsync(ToEntity(inquiry), cancellationToken);
        await AppendAsync(inquiry, "opened", by, "partner", message, cancellationToken);
        return inquiry;
    }

    public async Task<(Inquiry Inquiry, ETag ETag)?> FindAsync(string partnerId, string inquiryId, CancellationToken cancellationToken = default)
    {
        if (!ValidId(inquiryId)) return null;
        var row = await Inquiries.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(partnerId), inquiryId, cancellationToken: cancellationToken);
        return row.HasValue ? (FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>A partner's inquiries, newest first.</summary>
    public async Task<IReadOnlyList<Inquiry>> ListAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        var pk = TableKeys.Encode(partnerId);
        var all = new List<Inquiry>();
        await foreach (var e in Inquiries.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken)) all.Add(FromEntity(e));
        return [.. all.OrderByDescending(i => i.OpenedAt)];
    }

    /// <summary>Every inquiry not resolved yet, oldest activity first: finance's queue.</summary>
    public async Task<IReadOnlyList<Inquiry>> UnresolvedAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<Inquiry>();
        await foreach (var e in Inquiries.QueryAsync<TableEntity>(x => x.GetString("Status") != InquiryStatuses.Resolved, cancellationToken: cancellationToken)) all.Add(FromEntity(e));
        return [.. all.OrderBy(i => i.LastActivityAt)];
    }

    /// <summary>Every inquiry (the close's statements and summary count them per quarter).</summary>
    public async Task<IReadOnlyList<Inquiry>> AllAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<Inquiry>();
        await foreach (var e in Inquiries.QueryAsync<TableEntity>(cancellationToken: cancellationToken)) all.Add(FromEntity(e));
        return all;
    }

    public async Task<IReadOnlyList<InquiryEntry>> ThreadAsync(string partnerId, string inquiryId, CancellationToken cancellationToken = default)
    {
        var pk = ThreadKey(partnerId, inquiryId);
        var entries = new List<InquiryEntry>();
        await foreach (var e in Entries.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken))
            entries.Add(JsonSerializer.Deserialize<InquiryEntry>(e.GetString("Json")!, json)!);
        return [.. entries.OrderBy(e => e.At).ThenBy(e => e.Sequence)];
    }

    /// <summary>A message of the partner (the inquiry waits for finance again) or of finance (it is answered).</summary>
    public async Task<Inquiry> ReplyAsync(string partnerId, string inquiryId, string message, string by, bool fromFinance, CancellationToken cancellationToken = default)
    {
        if (Inquiry.MessageProblem(message) is { } bad) throw new ArgumentException(bad);
        var (inquiry, etag) = await RequireAsync(partnerId, inquiryId, cancellationToken);
        if (inquiry.Status == InquiryStatuses.Resolved) throw new InquiryConflictException($"Inquiry {inquiryId} is resolved ({inquiry.Resolution}); open a new one to raise something else.");
        var updated = inquiry with { Status = fromFinance ? InquiryStatuses.Answered : InquiryStatuses.Open, LastActivityAt = clock.GetUtcNow() };
        await UpdateAsync(updated, etag, cancellationToken);
        await AppendAsync(updated, fromFinance ? "answer" : "message", by, fromFinance ? "finance" : "partner", message, cancellationToken);
        return updated;
    }

    public async Task<Inquiry> AssignAsync(string partnerId, string inquiryId, string to, string by, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(to) || to.Length > 100) throw new ArgumentException("assign to a finance user's name (1 to 100 characters)");
        var (inquiry, etag) = await RequireAsync(partnerId, inquiryId, cancellationToken);
        if (inquiry.Status == InquiryStatuses.Resolved) throw new InquiryConflictException($"Inquiry {inquiryId} is resolved.");
        var updated = inquiry with { AssignedTo = to };
        await UpdateAsync(updated, etag, cancellationToken);
        await AppendAsync(updated, "assigned", by, "finance", $"assigned to {to}", cancellationToken);
        return updated;
    }

    /// <summary>Resolves the inquiry as explained, declined, or corrected with an adjustment of <paramref name="amount"/>.
    /// Resolving again with the same resolution is a no-op (a retried call); another is refused.</summary>
    public async Task<Inquiry> ResolveAsync(string partnerId, string inquiryId, string resolution, string message, decimal? amount, string by, CancellationToken cancellationToken = default)
    {
        if (!InquiryResolutions.IsKnown(resolution)) throw new ArgumentException($"resolution must be {InquiryResolutions.Explained}, {InquiryResolutions.Corrected} or {InquiryResolutions.Declined}");
        if (Inquiry.MessageProblem(message) is { } bad) throw new ArgumentException(bad);
        if (resolution == InquiryResolutions.Corrected)
        {
            if (amount is not { } a || a == 0m) throw new ArgumentException("a correction needs a non-zero amount in USD");
            if (Math.Abs(a) > Domain.Ingest.LakeLimits.MaxAmount || decimal.Round(a, 2) != a)
                throw new ArgumentException($"a correction is an amount in USD with at most two decimals, at most {Domain.Ingest.LakeLimits.MaxAmount:N2} either way");
        }
        else if (amount is not null)
        {
            throw new ArgumentException($"an inquiry resolved as {resolution} has no amount");
        }

        var (inquiry, etag) = await RequireAsync(partnerId, inquiryId, cancellationToken);
        if (inquiry.Status == InquiryStatuses.Resolved)
        {
            if (inquiry.Resolution != resolution) throw new InquiryConflictException($"Inquiry {inquiryId} is resolved as {inquiry.Resolution} already.");
            await AppendResolutionAsync(inquiry, message, by, cancellationToken);
            return inquiry;
        }

        var now = clock.GetUtcNow();
        var correction = resolution == InquiryResolutions.Corrected
            ? new InquiryCorrection(inquiryId, partnerId, amount!.Value, message, by, now, inquiry.Subject.Quarter)
            : null;
        var resolved = inquiry with { Status = InquiryStatuses.Resolved, Resolution = resolution, LastActivityAt = now, Correction = correction };
        await UpdateAsync(resolved, etag, cancellationToken);
        await AppendResolutionAsync(resolved, message, by, cancellationToken);
        return resolved;
    }

    /// <summary>The second finance user's confirmation of a correction above the program's limit.</summary>
    public async Task<Inquiry> ConfirmCorrectionAsync(string partnerId, string inquiryId, string by, CancellationToken cancellationToken = default)
    {
        var (inquiry, etag) = await RequireAsync(partnerId, inquiryId, cancellationToken);
        if (inquiry.Correction is not { } c) throw new InquiryConflictException($"Inquiry {inquiryId} has no correction to confirm.");
        if (c.ConfirmedBy is not null) return inquiry;
        if (string.Equals(c.By, by, StringComparison.OrdinalIgnoreCase))
            throw new InquiryConflictException($"The correction of inquiry {inquiryId} was entered by {c.By}; another finance user confirms it.");
        var confirmed = inquiry with { Correction = c with { ConfirmedBy = by } };
        await UpdateAsync(confirmed, etag, cancellationToken);
        await AppendAsync(confirmed, "confirmed", by, "finance", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"correction of {c.Amount:0.00} USD confirmed"), cancellationToken);
        return confirmed;
    }

    /// <summary>Every correction of resolved inquiries (the close pays those approved and not paid yet).</summary>
    public async Task<IReadOnlyList<InquiryCorrection>> CorrectionsAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<InquiryCorrection>();
        await foreach (var e in Inquiries.QueryAsync<TableEntity>(x => x.GetString("Resolution") == InquiryResolutions.Corrected, cancellationToken: cancellationToken))
        {
            if (FromEntity(e).Correction is { } c) all.Add(c);
        }

        return [.. all.OrderBy(c => c.PartnerId, StringComparer.Ordinal).ThenBy(c => c.InquiryId, StringComparer.Ordinal)];
    }

    /// <summary>Stores a file of evidence after checking its name, size and type (by its bytes, not its name alone);
    /// a refused file stores nothing.</summary>
    public async Task<string> AddEvidenceAsync(string partnerId, string inquiryId, string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (inquiry, _) = await RequireAsync(partnerId, inquiryId, cancellationToken);
        if (inquiry.Status == InquiryStatuses.Resolved) throw new InquiryConflictException($"Inquiry {inquiryId} is resolved; evidence can no longer be added.");
        if (EvidenceNameProblem(fileName) is { } nameProblem) throw new EvidenceRefusedException(nameProblem, 400);
        if (content.LongLength > MaxEvidenceBytes) throw new EvidenceRefusedException($"{fileName} is {content.LongLength:N0} bytes; evidence files are at most {MaxEvidenceBytes:N0} bytes.", 413);
        if (content.Length == 0) throw new EvidenceRefusedException($"{fileName} is empty.", 400);
        if (EvidenceTypes.Problem(fileName, content) is { } typeProblem) throw new EvidenceRefusedException(typeProblem, 415);
        var existing = await EvidenceAsync(partnerId, inquiryId, cancellationToken);
        if (existing.Count >= MaxEvidenceFiles) throw new EvidenceRefusedException($"Inquiry {inquiryId} has {MaxEvidenceFiles} evidence files already.", 409);
        var name = $"{partnerId}/{inquiryId}/{existing.Count + 1:D2}-{fileName}";
        try
        {
            await storage.Container(Names.Inquiries).GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = EvidenceTypes.ContentType(fileName) },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new InquiryConflictException("Another file was added at the same moment; send it again.");
        }

        return name;
    }

    /// <summary>The inquiry's evidence blob names (under its partner and inquiry only).</summary>
    public async Task<IReadOnlyList<string>> EvidenceAsync(string partnerId, string inquiryId, CancellationToken cancellationToken = default)
    {
        if (!ValidId(inquiryId)) return [];
        var names = new List<string>();
        await foreach (var item in storage.Container(Names.Inquiries).GetBlobsAsync(new GetBlobsOptions { Prefix = $"{partnerId}/{inquiryId}/" }, cancellationToken)) names.Add(item.Name);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>An evidence file's bytes, when <paramref name="name"/> is one of this inquiry's, as listed ("01-order.pdf")
    /// or as uploaded ("order.pdf", the latest of that name); else null.</summary>
    public async Task<(byte[] Content, string ContentType)?> ReadEvidenceAsync(string partnerId, string inquiryId, string name, CancellationToken cancellationToken = default)
    {
        var names = (await EvidenceAsync(partnerId, inquiryId, cancellationToken)).Where(n => n.Count(c => c == '/') == 2).ToList();
        var blob = names.FirstOrDefault(n => n[(n.LastIndexOf('/') + 1)..] == name) ?? names.LastOrDefault(n => n.EndsWith("-" + name, StringComparison.Ordinal));
        if (blob is null) return null;
        var download = (await storage.Container(Names.Inquiries).GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value;
        return (download.Content.ToArray(), download.Details.ContentType ?? "application/octet-stream");
    }

    public static string? EvidenceNameProblem(string? fileName) =>
        string.IsNullOrWhiteSpace(fileName) || fileName.Length > 100 || fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.StartsWith('.') || fileName.Trim() != fileName
        || fileName.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            ? "An evidence file name is 1 to 100 characters, without slashes, control characters or a leading dot."
            : null;

    public static bool ValidId(string? inquiryId) =>
        inquiryId is { Length: 25 } && inquiryId.StartsWith("INQ-", StringComparison.Ordinal) && inquiryId.Skip(4).All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private async Task<(Inquiry, ETag)> RequireAsync(string partnerId, string inquiryId, CancellationToken cancellationToken) =>
        await FindAsync(partnerId, inquiryId, cancellationToken) ?? throw new KeyNotFoundException($"There is no inquiry {inquiryId}.");

    private async Task UpdateAsync(Inquiry inquiry, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Inquiries.UpdateEntityAsync(ToEntity(inquiry), etag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new InquiryConflictException($"Inquiry {inquiry.Id} changed meanwhile; look at it again.");
        }
    }

    private Task AppendResolutionAsync(Inquiry inquiry, string message, string by, CancellationToken cancellationToken) =>
        AppendAsync(inquiry, "resolved", by, "finance",
            inquiry.Correction is { } c ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"resolved as corrected ({c.Amount:0.00} USD): {message}") : $"resolved as {inquiry.Resolution}: {message}",
            cancellationToken, fixedKey: "resolution");

    private async Task AppendAsync(Inquiry inquiry, string kind, string by, string role, string text, CancellationToken cancellationToken, string? fixedKey = null)
    {
        var pk = ThreadKey(inquiry.PartnerId, inquiry.Id);
        var now = clock.GetUtcNow();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var sequence = (int)(now.ToUnixTimeMilliseconds() % 1_000_000_000) + attempt;
            var entry = new InquiryEntry(sequence, kind, by, role, now, text);
            try
            {
                await Entries.AddEntityAsync(new TableEntity(pk, fixedKey ?? $"{now.UtcTicks:D19}-{attempt}") { ["Json"] = JsonSerializer.Serialize(entry, json) }, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                if (fixedKey is not null) return; // written before (a retried resolve)
            }
        }
    }

    private static string ThreadKey(string partnerId, string inquiryId) => TableKeys.Encode($"{partnerId}|{inquiryId}");

    private static TableEntity ToEntity(Inquiry i) => new(TableKeys.Encode(i.PartnerId), i.Id)
    {
        ["Json"] = JsonSerializer.Serialize(i, json),
        ["Status"] = i.Status,
        ["Resolution"] = i.Resolution,
    };

    private static Inquiry FromEntity(TableEntity e) => JsonSerializer.Deserialize<Inquiry>(e.GetString("Json")!, json)!;
}

/// <summary>The evidence types accepted, recognised by their first bytes (a renamed executable is not a PDF).</summary>
public static class EvidenceTypes
{
    public static string ContentType(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".csv" => "text/csv",
        _ => "text/plain",
    };

    public static string? Problem(string fileName, ReadOnlySpan<byte> content)
    {
        var ok = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".pdf" => content.StartsWith("%PDF-"u8),
            ".png" => content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
            ".jpg" or ".jpeg" => content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
            ".csv" or ".txt" => content.IndexOf((byte)0) < 0 && Utf8.IsValid(content),
            _ => false,
        };
        return ok ? null : $"{fileName}: evidence is a PDF, PNG, JPEG, CSV or text file whose content matches its name.";
    }

    private static class Utf8
    {
        public static bool IsValid(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
    }
}
