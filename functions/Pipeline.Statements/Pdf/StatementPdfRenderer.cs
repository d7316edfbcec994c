using Pipeline.Domain;
using Pipeline.Domain.Statements;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// Renders a partner statement as an A4 PDF: key figures first, then what was measured, the tier, every
/// line with basis × rate = amount, adjustments, advance and balance, notices, what is under review, and
/// the explanation in words.
/// </summary>
public static class StatementPdfRenderer
{
    public static byte[] Render(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var h = statement.Header;
        var info = new PdfDocumentInfo(
            Title: $"{h.PartnerName} — partner statement {h.Quarter}",
            Subject: $"Partner statement {h.Quarter} for {h.PartnerId}",
            Date: DocumentDate(h.Quarter),
            RunningHeader: $"Partner statement · {h.PartnerName} ({h.PartnerId}) · {h.Quarter}",
            FooterLeft: $"Partner Payouts · {h.PartnerId} · {h.Quarter} · program v{h.ProgramVersion} · questions: your partner manager, quoting {h.PartnerId}/{h.Quarter}");
        return PdfDocumentWriter.Write(info, canvas => Compose(statement, canvas));
    }

    /// <summary>The day after the quarter ends, midnight UTC: a statement is issued after the close.</summary>
    internal static DateTime DocumentDate(Quarter quarter) =>
        DateTime.SpecifyKind(quarter.End.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);

    private static List<Block> Compose(Statement s, PageCanvas canvas)
    {
        var flow = new Flow(canvas);
        var blocks = new List<Block>();
        blocks.Add(TitleBlock(s.Header));
        blocks.Add(flow.Facts(
        [
            ("Partner", $"{s.Header.PartnerId} · {RuleLabels.Humanize(s.Header.PartnerType)}"),
            ("Plan", s.Header.PlanName), // the program version is in the footer
            ("Period", $"{Formats.Date(s.Header.PeriodStart)} – {Formats.Date(s.Header.PeriodEnd)}"),
        ], columns: 3));
        blocks.Add(Block.Space(8f));
        blocks.Add(flow.KeyFigures(
        [
            ("Tier reached", s.Tier.Label),
            ("Total earned (USD)", Formats.Amount(s.Totals.TotalEarned)),
            ("Advance paid (USD)", Formats.Amount(s.Totals.Advance)),
            ("Balance due (USD)", Formats.Amount(s.Totals.BalanceDue)),
        ]));
        if (s.PayoutHeld)
        {
            blocks.Add(Block.Space(10f));
            blocks.Add(flow.Callout("Payout on hold",
                "A finding on this quarter is under review by finance. The balance due is paid once finance has decided; see \"Under review\" below."));
        }

        blocks.Add(Block.Space(4f));
        blocks.AddRange(ScorecardSection(s, canvas, flow));
        blocks.Add(Block.Space(4f));
        blocks.AddRange(LinesSection(s, canvas, flow));
        if (s.TermsChanges.Count > 0)
        {
            blocks.Add(Block.Space(4f));
            blocks.Add(flow.Heading("What changed in your terms"));
            blocks.AddRange(flow.Bullets(s.TermsChanges));
        }

        if (s.Inquiries.Count > 0)
        {
            blocks.Add(Block.Space(4f));
            blocks.Add(flow.Heading("Your inquiries"));
            blocks.AddRange(flow.Bullets(s.Inquiries));
        }

        if (s.Notices.Count > 0)
        {
            blocks.Add(Block.Space(4f));
            blocks.Add(flow.Heading("Notices"));
            blocks.AddRange(flow.Bullets(s.Notices));
        }

        blocks.Add(Block.Space(4f));
        blocks.AddRange(ReviewSection(s, canvas, flow));
        blocks.Add(Block.Space(4f));
        blocks.Add(flow.Heading("How your total was reached"));
        blocks.AddRange(flow.Bullets(s.Explanation));
        return blocks;
    }

    private static Block TitleBlock(StatementHeader h) =>
        new(58f, (c, top) =>
        {
            c.FillRect(PdfTheme.MarginX, top, PdfTheme.ContentWidth, 3f, PdfTheme.Brand);
            c.Text($"PARTNER STATEMENT · {h.Quarter}", PdfTheme.MarginX, top + 20f, TextStyle.CellHeader);
            c.Text("Partner Payouts", PdfTheme.Right, top + 20f, TextStyle.CellHeader, TextAlign.Right);
            c.Text(c.Fit(h.PartnerName, PdfTheme.ContentWidth, TextStyle.Title), PdfTheme.MarginX, top + 42f, TextStyle.Title);
        });

    private static IEnumerable<Block> ScorecardSection(Statement s, PageCanvas canvas, Flow flow)
    {
        var card = s.Scorecard;
        yield return flow.Heading("What was measured and the tier reached");
        if (card.Rows.Count > 0)
        {
            var table = new Table(canvas,
                new Column("Measure", 2.2f),
                new Column("Measured", 1.2f, TextAlign.Right),
                new Column("Threshold", 1.2f, TextAlign.Right),
                new Column("Attainment", 1.1f, TextAlign.Right),
                new Column("Weight", 0.8f, TextAlign.Right),
                new Column("Result", 2.3f, Wrap: true));
            yield return table.Header;
            foreach (var row in card.Rows)
            {
                yield return table.Row(
                [
                    row.Label,
                    row.Value is { } v ? Value(v, row.Kind) : "missing",
                    Value(row.Threshold, row.Kind),
                    row.Attainment is { } a ? Formats.Ratio(a) : "–",
                    row.Weight == 0 ? "–" : Formats.Percent(row.Weight),
                    ResultText(row),
                ]);
            }

            yield return Block.Space(4f);
        }

        var facts = new List<(string, string)> { (card.AttainmentLabel, Formats.Ratio(card.Attainment)) };
        if (card.Revenue is { } r) facts.Add(("Qualifying revenue R (USD)", Formats.Amount(r)));
        if (card.Target is { } t) facts.Add(("Target T (USD)", Formats.Amount(t)));
        if (card.EffectiveRate is { } e) facts.Add(("Effective rate", Formats.Percent(e)));
        if (s.Tier.Streak > 0) facts.Add(("Streak (quarters)", s.Tier.Streak.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        yield return flow.Facts(facts, columns: 4);
        yield return Block.Space(4f);
        foreach (var b in flow.Paragraph($"Tier reached: {s.Tier.Label}. {s.Tier.Meaning}")) yield return b;
    }

    private static string ResultText(ScorecardRow row)
    {
        var status = row.Met switch { true => "Met", false => "Not met", null => "" };
        if (row.Note.Equals(status, StringComparison.OrdinalIgnoreCase)) return status; // the calculator may say "met" itself
        return (status, row.Note) switch
        {
            ("", var note) => note,
            (var st, "") => st,
            var (st, note) => $"{st} · {note}",
        };
    }

    private static IEnumerable<Block> LinesSection(Statement s, PageCanvas canvas, Flow flow)
    {
        yield return flow.Heading("Payout lines");
        var table = new Table(canvas,
            new Column("Line", 2.1f),
            new Column("Description", 3.1f, Wrap: true),
            new Column("Basis (USD)", 1.3f, TextAlign.Right),
            new Column("Rate", 0.8f, TextAlign.Right),
            new Column("Amount (USD)", 1.3f, TextAlign.Right));
        yield return table.Header;
        if (s.Earnings.Count == 0)
            yield return table.Row(["", "No line earned this quarter.", "", "", ""]);
        foreach (var line in s.Earnings) yield return LineRow(table, line);
        yield return table.Row(["Earned this quarter", "", "", "", Formats.Amount(s.Totals.Earnings)], RowKind.Subtotal);

        if (s.Adjustments.Count > 0)
        {
            yield return table.Group("Clawbacks and adjustments");
            foreach (var line in s.Adjustments) yield return LineRow(table, line);
            yield return table.Row(["Adjustments", "", "", "", Formats.Amount(s.Totals.Adjustments)], RowKind.Subtotal);
        }

        yield return table.Row(["Total earned", "", "", "", Formats.Amount(s.Totals.TotalEarned)], RowKind.Subtotal);
        yield return table.Row(["Less advance paid", s.Totals.Advance == 0 ? "No advance this quarter" : "Paid at the start of the quarter", "", "", Formats.Amount(-s.Totals.Advance)]);
        yield return table.Row(["Balance due", "", "", "", Formats.Amount(s.Totals.BalanceDue)], RowKind.Total);
    }

    private static Block LineRow(Table table, StatementLine line)
    {
        var description = line.Note is null ? line.Description : $"{line.Description} — {line.Note}";
        return table.Row([line.Label, description, Formats.Amount(line.Basis), Formats.Percent(line.Rate), Formats.Amount(line.Amount)]);
    }

    private static IEnumerable<Block> ReviewSection(Statement s, PageCanvas canvas, Flow flow)
    {
        yield return flow.Heading("Under review");
        if (s.AnomaliesUnderReview.Count == 0 && s.HeldDeals.Count == 0)
        {
            foreach (var b in flow.Paragraph("Nothing from this quarter is under review.")) yield return b;
            yield break;
        }

        if (s.AnomaliesUnderReview.Count > 0)
        {
            var findings = new Table(canvas,
                new Column("Check", 1.7f),
                new Column("Severity", 1.6f, Wrap: true),
                new Column("Finding", 4.7f, Wrap: true));
            yield return findings.Header;
            foreach (var a in s.AnomaliesUnderReview)
                yield return findings.Row([RuleLabels.Humanize(a.Check), a.HoldsPayout ? $"{RuleLabels.Humanize(a.Severity)}: payout held" : RuleLabels.Humanize(a.Severity), a.Finding]);
            yield return Block.Space(4f);
        }

        if (s.HeldDeals.Count > 0)
        {
            var held = new Table(canvas,
                new Column("Held deal", 1.7f),
                new Column("USD net", 1.2f, TextAlign.Right),
                new Column("Why it is held", 5.1f, Wrap: true));
            yield return held.Header;
            foreach (var d in s.HeldDeals)
                yield return held.Row([d.DealId, d.UsdNet is { } net ? Formats.Amount(net) : "–", d.Reason]);
        }
    }

    private static string Value(decimal value, ScorecardValueKind kind) => kind switch
    {
        ScorecardValueKind.Percent => Formats.Percent(value),
        ScorecardValueKind.Money => Formats.Amount(value),
        ScorecardValueKind.Hours => $"{Formats.Number(value)} h",
        ScorecardValueKind.Score => value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        _ => Formats.Number(value),
    };
}
