using System.Text;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Ingest;
using static Pipeline.Functions.Web.Html;
using Pipeline.Notifications;

namespace Pipeline.Functions.Web;

/// <summary>
/// The scorecard page, in sections with stable ids. The page renders them all; the live update replaces the sections
/// whose HTML changed (the JSON endpoint returns the same sections), so the page and its updates cannot disagree.
/// </summary>
public static class ScorecardHtml
{
    public static IReadOnlyDictionary<string, string> Sections(ScorecardData d) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sc-payout"] = Payout(d),
        ["sc-measures"] = Measures(d),
        ["sc-next"] = Next(d),
        ["sc-terms"] = Terms(d),
        ["sc-notifications"] = Notifications(d),
        ["sc-inquiries"] = Inquiries(d),
        ["sc-drops"] = Drops(d),
        ["sc-statements"] = Statements(d),
    };

    public static string Page(ScorecardData d, WebCaller caller)
    {
        var id = d.Partner.PartnerId;
        var b = new StringBuilder();
        b.Append("<div class=\"title\"><h1>").Append(E(d.Partner.Name)).Append("</h1>")
         .Append("<p class=\"sub\">Partner <code>").Append(E(id)).Append("</code> · ").Append(E(d.Partner.Type.ToString().ToLowerInvariant()))
         .Append(" · scorecard for ").Append(E(d.Quarter.ToString())).Append("</p></div>");
        b.Append("<form class=\"quarter\" method=\"get\" action=\"/partners/").Append(E(Uri.EscapeDataString(id))).Append("\">")
         .Append("<label for=\"quarter\">Quarter</label><select id=\"quarter\" name=\"quarter\">");
        foreach (var q in d.Quarters)
            b.Append("<option value=\"").Append(E(q.ToString())).Append('"').Append(q == d.Quarter ? " selected" : "").Append('>').Append(E(q.ToString())).Append("</option>");
        b.Append("</select><button type=\"submit\">Show</button></form>");
        b.Append("<p id=\"live\" class=\"live\" role=\"status\" aria-live=\"polite\">Updates by itself as new drops are processed.</p>");
        b.Append("<div class=\"grid\">");
        foreach (var (sectionId, html) in Sections(d))
            b.Append("<section id=\"").Append(sectionId).Append("\" aria-labelledby=\"").Append(sectionId).Append("-h\">").Append(html).Append("</section>");
        b.Append("</div>");
        if (caller.IsPartner) InquiryForm(b, d, caller);
        var attributes = $" data-live=\"/api/partners/{E(Uri.EscapeDataString(id))}/scorecard?quarter={E(d.Quarter.ToString())}\" data-version=\"{E(d.Version)}\"";
        return Html.Page($"{d.Partner.Name} · {d.Quarter}", caller, b.ToString(), attributes);
    }

    private static string Payout(ScorecardData d)
    {
        var r = d.Projection;
        var b = new StringBuilder();
        b.Append("<h2 id=\"sc-payout-h\">Payout if the quarter closed today</h2>");
        b.Append("<p class=\"badge\">Projection - not a statement</p>");
        b.Append("<p class=\"total\"><span class=\"label\">Projected payout</span> <strong id=\"projected-total\" data-amount=\"")
         .Append(E(Number(r.TotalEarned, "0.00"))).Append("\">").Append(E(Money(r.TotalEarned))).Append("</strong></p>");
        b.Append("<dl class=\"facts\"><div><dt>Tier</dt><dd id=\"tier\">").Append(E(r.Tier)).Append("</dd></div>");
        if (r.PartnerType == PartnerTypes.Reseller)
            b.Append("<div><dt>Qualifying revenue</dt><dd>").Append(E(Money(r.Revenue))).Append("</dd></div><div><dt>Target</dt><dd>").Append(E(Money(d.Partner.QuarterlyTarget))).Append("</dd></div>");
        else
            b.Append("<div><dt>Composite attainment</dt><dd>").Append(E(Number(r.Attainment, "0.0000"))).Append("</dd></div>");
        if (r.Advance != 0m) b.Append("<div><dt>Advance</dt><dd>").Append(E(Money(r.Advance))).Append("</dd></div><div><dt>Balance due</dt><dd>").Append(E(Money(r.BalanceDue))).Append("</dd></div>");
        b.Append("</dl>");
        if (d.Closed is not null)
            b.Append("<p class=\"note\">").Append(E(d.Quarter.ToString())).Append(" is closed: your statement below is final; this projection recomputes it from the data as it stands now.</p>");
        else
            b.Append("<p class=\"note\">Computed by the program's calculator from the data received so far this quarter. Checks for anomalies run at the close, so a payout may still be held for review.</p>");
        var provisional = r.Lines.Where(l => l.RuleId is RuleIds.PriorPeriodAdjustment or RuleIds.Clawback).ToList();
        if (d.Closed is null && provisional.Count > 0)
            b.Append("<p class=\"note\" id=\"provisional\">Provisional until the close: ").Append(E(string.Join("; ", provisional.Select(l => l.Description)))).Append(".</p>");

        b.Append("<table><caption>Payout lines</caption><thead><tr><th scope=\"col\">Line</th><th scope=\"col\" class=\"num opt\">Basis</th><th scope=\"col\" class=\"num opt\">Rate</th><th scope=\"col\" class=\"num\">Amount</th></tr></thead><tbody>");
        foreach (var line in r.Lines.Where(l => l.Amount != 0m || l.Basis != 0m))
            b.Append("<tr><th scope=\"row\">").Append(E(line.Description)).Append("</th><td class=\"num opt\">").Append(E(Number(line.Basis, "#,##0.00")))
             .Append("</td><td class=\"num opt\">").Append(E(Number(line.Rate, "0.00##"))).Append("</td><td class=\"num\">").Append(E(Money(line.Amount))).Append("</td></tr>");
        if (!r.Lines.Any(l => l.Amount != 0m || l.Basis != 0m)) b.Append("<tr><td colspan=\"4\">No payout lines yet: nothing qualifying has been received this quarter.</td></tr>");
        b.Append("</tbody><tfoot><tr><th scope=\"row\">Total</th><td class=\"opt\"></td><td class=\"opt\"></td><td class=\"num\">").Append(E(Money(r.TotalEarned))).Append("</td></tr></tfoot></table>");
        return b.ToString();
    }

    private static string Measures(ScorecardData d)
    {
        var r = d.Projection;
        var b = new StringBuilder();
        b.Append("<h2 id=\"sc-measures-h\">").Append(r.PartnerType == PartnerTypes.Reseller ? "Revenue and gates" : "Metrics against thresholds").Append("</h2>");
        b.Append("<table><caption>").Append(r.PartnerType == PartnerTypes.Reseller ? "Quarter-to-date revenue against target, and metric gates" : "Quarter-to-date metrics").Append("</caption>")
         .Append("<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Value</th><th scope=\"col\" class=\"num\">Threshold</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        foreach (var s in r.Scorecard)
        {
            var met = s.Value is { } v && v >= s.Threshold;
            // The reseller's revenue entry is money (R against T); metric entries are plain numbers.
            var money = s.Name == "revenue";
            var value = s.Value is { } x ? E(money ? Money(x) : Number(x)) : "none yet";
            b.Append("<tr><th scope=\"row\">").Append(E(money ? "Qualifying revenue" : s.Name)).Append("</th><td class=\"num\">").Append(value)
             .Append("</td><td class=\"num\">").Append(E(money ? Money(s.Threshold) : Number(s.Threshold))).Append("</td><td>")
             .Append(Status(s.Value is null ? "missing" : met ? "met" : "below", met, s.Note)).Append("</td></tr>");
        }

        if (r.PartnerType != PartnerTypes.Reseller && r.Scorecard.Count == 0) b.Append("<tr><td colspan=\"4\">No metrics received this quarter.</td></tr>");
        b.Append("</tbody></table>");
        return b.ToString();
    }

    /// <summary>A word with a symbol (not colour alone), and the calculator's note when it says more than the word.</summary>
    private static string Status(string word, bool met, string note) =>
        $"<span class=\"{(met ? "ok" : "warn")}\">{(met ? "✓ " : "✗ ")}{word}</span>"
        + (note is "met" or "below threshold" || note.StartsWith("missing", StringComparison.Ordinal) ? "" : $"<br><span class=\"muted small\">{E(note)}</span>");

    private static string Next(ScorecardData d)
    {
        var g = d.Guidance;
        var b = new StringBuilder("<h2 id=\"sc-next-h\">Next tier</h2>");
        b.Append("<p>You are in <strong>").Append(E(g.Standing)).Append("</strong>");
        b.Append(g.Next is null ? ".</p>" : $"; next is <strong>{E(g.Next)}</strong>.</p>");
        if (g.Steps.Count > 0)
        {
            b.Append("<ul class=\"steps\">");
            foreach (var step in g.Steps) b.Append("<li>").Append(E(step)).Append("</li>");
            b.Append("</ul>");
        }

        return b.ToString();
    }

    private static string Terms(ScorecardData d)
    {
        var b = new StringBuilder("<h2 id=\"sc-terms-h\">Program and terms</h2>");
        if (d.Terms is not { } t) return b.Append("<p>Not known yet.</p>").ToString();
        b.Append("<dl class=\"facts\"><div><dt>Program</dt><dd id=\"program-version\">").Append(E($"{t.ProgramId} {t.ProgramVersion}")).Append("</dd></div>")
         .Append("<div><dt>Cut-off</dt><dd id=\"cut-off\">").Append(E($"drops count for {d.Quarter} until {t.LastDropDay:yyyy-MM-dd}")).Append("</dd></div></dl>");
        if (t.Changes.Count == 0) return b.Append("<p class=\"note\">No change of terms since the previous closed quarter.</p>").ToString();
        b.Append("<ul class=\"steps\" id=\"terms-changes\">");
        foreach (var change in t.Changes) b.Append("<li>").Append(E(change)).Append("</li>");
        return b.Append("</ul>").ToString();
    }

    private static string Inquiries(ScorecardData d)
    {
        var b = new StringBuilder("<h2 id=\"sc-inquiries-h\">Your inquiries</h2>");
        if (d.Inquiries is not { Count: > 0 } list) return b.Append("<p>None. Ask about any number with the form below.</p>").ToString();
        b.Append("<table id=\"inquiries\"><thead><tr><th scope=\"col\">Inquiry</th><th scope=\"col\">About</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        foreach (var i in list)
        {
            var status = i.Status switch
            {
                Domain.Inquiries.InquiryStatuses.Resolved when i.Correction is { } c => $"resolved: corrected ({Money(c.Amount)}, paid by the next close)",
                Domain.Inquiries.InquiryStatuses.Resolved => $"resolved: {i.Resolution}",
                Domain.Inquiries.InquiryStatuses.Answered => "answered by finance",
                _ => "open, waiting for finance",
            };
            b.Append("<tr data-inquiry=\"").Append(E(i.Id)).Append("\"><td><code>").Append(E(i.Id)).Append("</code></td><td>").Append(E(i.Subject.Describe()))
             .Append("</td><td class=\"inquiry-status\">").Append(E(status)).Append("</td></tr>");
        }

        return b.Append("</tbody></table>").ToString();
    }

    private static void InquiryForm(StringBuilder b, ScorecardData d, WebCaller caller)
    {
        var id = E(Uri.EscapeDataString(d.Partner.PartnerId));
        b.Append("<section id=\"inquiry-form\" aria-labelledby=\"inquiry-form-h\"><h2 id=\"inquiry-form-h\">Ask about a number</h2>")
         .Append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/partners/").Append(id).Append("/inquiries\">").Append(Html.CsrfField(caller))
         .Append("<label for=\"inq-kind\">About</label><select id=\"inq-kind\" name=\"kind\">")
         .Append("<option value=\"statement-line\">a line of my statement</option><option value=\"deal\">a deal</option>")
         .Append("<option value=\"rejected-row\">a rejected row of a drop</option><option value=\"hold\">a held payout</option></select>")
         .Append("<label for=\"inq-reference\">Which (line, deal id, drop and line)</label><input id=\"inq-reference\" name=\"reference\" required maxlength=\"200\">")
         .Append("<label for=\"inq-quarter\">Quarter</label><input id=\"inq-quarter\" name=\"quarter\" value=\"").Append(E(d.Quarter.ToString())).Append("\" maxlength=\"6\">")
         .Append("<label for=\"inq-message\">Your question</label><textarea id=\"inq-message\" name=\"message\" required maxlength=\"4000\" rows=\"4\"></textarea>")
         .Append("<label for=\"inq-evidence\">Evidence (PDF, PNG, JPEG, CSV or text, at most 5 MB)</label><input id=\"inq-evidence\" name=\"evidence\" type=\"file\" accept=\".pdf,.png,.jpg,.jpeg,.csv,.txt\">")
         .Append("<button type=\"submit\">Send to finance</button></form></section>");
    }

    private static string Notifications(ScorecardData d)
    {
        var b = new StringBuilder("<h2 id=\"sc-notifications-h\">Notifications</h2>");
        if (d.Notifications is not { Count: > 0 } list)
            return b.Append("<p>Nothing yet. Register a webhook (<code>PUT /api/partners/{id}/webhook</code>) to receive these as they happen.</p>").ToString();
        b.Append("<table><caption>Latest notifications and their delivery to your webhook</caption><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">What</th><th scope=\"col\" class=\"opt\">Delivery</th></tr></thead><tbody>");
        foreach (var n in list)
        {
            var delivery = n.Status switch
            {
                NotificationRecord.Delivered => $"delivered ({n.Attempts} attempt(s))",
                NotificationRecord.Pending => $"retrying: {n.LastError}",
                NotificationRecord.Dead => $"not delivered: {n.LastError}",
                _ => "no webhook",
            };
            b.Append("<tr><td>").Append(E(n.Event.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)))
             .Append("</td><td>").Append(E(n.Event.Subject)).Append("<br><span class=\"muted small\">").Append(E(n.Event.Type)).Append("</span></td><td class=\"opt\">").Append(E(delivery)).Append("</td></tr>");
        }

        return b.Append("</tbody></table>").ToString();
    }

    private static string Drops(ScorecardData d)
    {
        var b = new StringBuilder("<h2 id=\"sc-drops-h\">Recent drops</h2>");
        b.Append("<table><caption>Your last ").Append(ScorecardService.RecentDrops).Append(" files, newest first</caption><thead><tr><th scope=\"col\">File</th><th scope=\"col\" class=\"opt\">Received</th><th scope=\"col\">Outcome</th>")
         .Append("<th scope=\"col\" class=\"num opt\">Read</th><th scope=\"col\" class=\"num\">Accepted</th><th scope=\"col\" class=\"num\">Rejected</th><th scope=\"col\">Feedback</th></tr></thead><tbody>");
        foreach (var drop in d.Drops)
        {
            var feedback = DropIngestion.FeedbackBlob(d.Partner.PartnerId, drop.DropId);
            b.Append("<tr><th scope=\"row\">").Append(E(drop.FileName.Length > 0 ? drop.FileName : drop.Path)).Append(" <span class=\"kind\">").Append(E(drop.Kind)).Append("</span></th>")
             .Append("<td class=\"opt\">").Append(E(When(drop.ReceivedAt))).Append("</td><td><span class=\"").Append(drop.Outcome == AuditOutcomes.Accepted ? "ok" : drop.Outcome == AuditOutcomes.Rejected ? "warn" : "muted").Append("\">")
             .Append(E(drop.Outcome)).Append("</span></td><td class=\"num opt\">").Append(drop.RowsRead).Append("</td><td class=\"num\">").Append(drop.RowsAccepted)
             .Append("</td><td class=\"num\">").Append(drop.RowsRejected).Append("</td><td>");
            if (d.FeedbackNames.Contains(feedback))
                b.Append("<a href=\"").Append(E(FileLink(d.Partner.PartnerId, "feedback", feedback))).Append("\">report<span class=\"visually-hidden\"> for ").Append(E(drop.FileName)).Append("</span></a>");
            b.Append("</td></tr>");
        }

        if (d.Drops.Count == 0) b.Append("<tr><td colspan=\"7\">No drops received yet.</td></tr>");
        b.Append("</tbody></table>");
        return b.ToString();
    }

    private static string Statements(ScorecardData d)
    {
        var b = new StringBuilder("<h2 id=\"sc-statements-h\">Statements</h2>");
        if (d.Statements.Count == 0) return b.Append("<p>No statements yet: they appear when a quarter closes.</p>").ToString();
        b.Append("<ul class=\"files\">");
        foreach (var f in d.Statements)
            b.Append("<li><a href=\"").Append(E(FileLink(d.Partner.PartnerId, "statements", f.Name))).Append("\">").Append(E(f.Name)).Append("</a> <span class=\"muted\">")
             .Append(E(Number(f.Size / 1024m, "#,##0.0"))).Append(" KB</span></li>");
        return b.Append("</ul>").ToString();
    }

    public static string FileLink(string partnerId, string container, string name) =>
        $"/partners/{Uri.EscapeDataString(partnerId)}/file?container={Uri.EscapeDataString(container)}&name={Uri.EscapeDataString(name)}";
}
