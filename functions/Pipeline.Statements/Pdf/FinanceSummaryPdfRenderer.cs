using Pipeline.Domain.Statements;

namespace Pipeline.Statements.Pdf;

/// <summary>Renders finance's quarter summary: cost against revenue, totals by plan and tier, holds, decisions, largest changes.</summary>
public static class FinanceSummaryPdfRenderer
{
    public static byte[] Render(FinanceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var info = new PdfDocumentInfo(
            Title: $"Finance summary {summary.Quarter}",
            Subject: $"Partner program cost and payouts for {summary.Quarter}",
            Date: StatementPdfRenderer.DocumentDate(summary.Quarter),
            RunningHeader: $"Finance summary · {summary.Quarter}",
            FooterLeft: $"Partner Payouts · finance summary · {summary.Quarter} · amounts in USD");
        return PdfDocumentWriter.Write(info, canvas => Compose(summary, canvas));
    }

    private static List<Block> Compose(FinanceSummary s, PageCanvas canvas)
    {
        var flow = new Flow(canvas);
        var t = s.Totals;
        var blocks = new List<Block>
        {
            new(44f, (c, top) =>
            {
                c.FillRect(PdfTheme.MarginX, top, PdfTheme.ContentWidth, 3f, PdfTheme.Brand);
                c.Text($"FINANCE SUMMARY · {s.Quarter}", PdfTheme.MarginX, top + 20f, TextStyle.CellHeader);
                c.Text("Partner Payouts", PdfTheme.Right, top + 20f, TextStyle.CellHeader, TextAlign.Right);
                c.Text($"Partner program, {s.Quarter}", PdfTheme.MarginX, top + 40f, TextStyle.Title);
            }),
            Block.Space(10f),
            flow.KeyFigures(
            [
                ("Partners", t.Partners.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Partner revenue", Formats.Amount(t.PartnerRevenue)),
                ("Cost / revenue", t.CostToRevenue is { } r ? Formats.Percent(r) : "–"),
                ("Program cost (USD)", Formats.Amount(t.TotalEarned)),
            ]),
            Block.Space(4f),
        };
        blocks.AddRange(flow.Paragraph(
            $"Total earned {Formats.Amount(t.TotalEarned)}, of which {Formats.Amount(t.Advance)} was advanced; balance due {Formats.Amount(t.BalanceDue)}" +
            (t.AmountHeld != 0 ? $", of which {Formats.Amount(t.AmountHeld)} is held pending decisions." : "."), TextStyle.Body));

        blocks.Add(Block.Space(4f));
        blocks.Add(flow.Heading("By plan"));
        var plans = new Table(canvas,
            new Column("Plan", 2.2f), new Column("Partners", 0.9f, TextAlign.Right), new Column("Revenue", 1.4f, TextAlign.Right),
            new Column("Earned", 1.3f, TextAlign.Right), new Column("Advance", 1.2f, TextAlign.Right),
            new Column("Balance due", 1.3f, TextAlign.Right), new Column("Cost/rev.", 1.1f, TextAlign.Right));
        blocks.Add(plans.Header);
        foreach (var p in s.ByPlan)
            blocks.Add(plans.Row([p.PlanName, Count(p.Partners), Formats.Amount(p.PartnerRevenue), Formats.Amount(p.TotalEarned),
                Formats.Amount(p.Advance), Formats.Amount(p.BalanceDue), p.CostToRevenue is { } c ? Formats.Percent(c) : "–"]));
        blocks.Add(plans.Row(["All plans", Count(t.Partners), Formats.Amount(t.PartnerRevenue), Formats.Amount(t.TotalEarned),
            Formats.Amount(t.Advance), Formats.Amount(t.BalanceDue), t.CostToRevenue is { } all ? Formats.Percent(all) : "–"], RowKind.Total));

        blocks.Add(Block.Space(4f));
        blocks.Add(flow.Heading("By tier"));
        var tiers = new Table(canvas,
            new Column("Partner type", 2f), new Column("Tier", 2.5f), new Column("Partners", 1f, TextAlign.Right), new Column("Earned", 1.5f, TextAlign.Right));
        blocks.Add(tiers.Header);
        foreach (var tier in s.ByTier)
            blocks.Add(tiers.Row([RuleLabels.Humanize(tier.PartnerType), tier.TierLabel, Count(tier.Partners), Formats.Amount(tier.TotalEarned)]));

        blocks.Add(Block.Space(4f));
        blocks.Add(flow.Heading("Holds awaiting a decision"));
        if (s.Holds.Count == 0)
        {
            blocks.AddRange(flow.Paragraph("No payout is held."));
        }
        else
        {
            var holds = new Table(canvas,
                new Column("Partner", 1.3f), new Column("Check", 1.5f), new Column("Reason", 3.7f, Wrap: true), new Column("Held (USD)", 1.3f, TextAlign.Right));
            blocks.Add(holds.Header);
            foreach (var h in s.Holds)
                blocks.Add(holds.Row([h.PartnerId, RuleLabels.Humanize(h.Check), h.Reason, Formats.Amount(h.AmountHeld)]));
        }

        blocks.Add(Block.Space(4f));
        blocks.Add(flow.Heading("Decisions"));
        if (s.Decisions.Count == 0)
        {
            blocks.AddRange(flow.Paragraph("No decision was recorded this quarter."));
        }
        else
        {
            var decisions = new Table(canvas,
                new Column("When (UTC)", 1.8f), new Column("Partner", 1.1f), new Column("Decision", 1f), new Column("Reason", 2.7f, Wrap: true),
                new Column("By", 1.2f), new Column("Adjustment", 1.2f, TextAlign.Right));
            blocks.Add(decisions.Header);
            foreach (var d in s.Decisions)
                blocks.Add(decisions.Row([Formats.DateTime(d.DecidedAt), d.PartnerId, d.Decision, d.Reason, d.DecidedBy,
                    d.Adjustment is { } a ? Formats.Amount(a) : ""]));
        }

        if (s.Inquiries.Count > 0)
        {
            blocks.Add(Block.Space(4f));
            blocks.Add(flow.Heading("Partners' inquiries"));
            blocks.AddRange(flow.Paragraph(s.Inquiries[0]));
            blocks.AddRange(flow.Bullets(s.Inquiries.Skip(1).ToList()));
        }

        blocks.Add(Block.Space(4f));
        blocks.Add(flow.Heading("Largest changes from last quarter"));
        if (s.LargestChanges.Count == 0)
        {
            blocks.AddRange(flow.Paragraph("No partner's total changed."));
        }
        else
        {
            var changes = new Table(canvas,
                new Column("Partner", 2.8f), new Column("Last quarter", 1.3f, TextAlign.Right), new Column("This quarter", 1.3f, TextAlign.Right),
                new Column("Change", 1.3f, TextAlign.Right), new Column("Change %", 1f, TextAlign.Right));
            blocks.Add(changes.Header);
            foreach (var c in s.LargestChanges)
                blocks.Add(changes.Row([$"{c.PartnerName} ({c.PartnerId})", c.Previous is { } p ? Formats.Amount(p) : "new",
                    Formats.Amount(c.Current), Formats.Amount(c.Change), c.ChangeRatio is { } ratio ? Formats.Percent(ratio) : "–"]));
        }

        return blocks;
    }

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
