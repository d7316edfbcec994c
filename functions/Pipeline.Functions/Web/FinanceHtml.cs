using System.Text;
using Pipeline.Domain.Anomalies;
using Microsoft.DurableTask.Client;
using static Pipeline.Functions.Web.Html;

namespace Pipeline.Functions.Web;

/// <summary>The finance console page: quarters, then the selected close's holds, anomalies, decisions and files.</summary>
public static class FinanceHtml
{
    public static string Page(FinanceView view, WebCaller caller, string? flash)
    {
        var b = new StringBuilder("<div class=\"title\"><h1>Finance console</h1><p class=\"sub\">Quarterly closes, what was held and why, and finance's decisions.</p></div>");
        if (flash is not null) b.Append("<p class=\"flash\" role=\"status\">").Append(E(flash)).Append("</p>");
        Quarters(b, view);
        if (view.Selected is { } s)
        {
            b.Append("<div class=\"grid\">");
            Held(b, s, caller);
            Anomalies(b, s);
            Decisions(b, s);
            Files(b, s);
            b.Append("</div>");
        }

        InquiryQueue(b, view, caller);
        Notifications(b, view);

        // A close that is computing (not waiting for anyone) is worth watching: the page refreshes itself until it
        // settles. Never while finance is deciding, so a half-filled form is not lost.
        var closing = view.Selected?.Close is { } c && c.Status?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending && !c.WaitingForFinance;
        return Html.Page("Finance console", caller, b.ToString(), closing ? " data-refresh=\"5\"" : "");
    }

    private static void Quarters(StringBuilder b, FinanceView view)
    {
        b.Append("<section aria-labelledby=\"fc-quarters-h\" class=\"wide\"><h2 id=\"fc-quarters-h\">Closes</h2>");
        if (view.Quarters.Count == 0)
        {
            b.Append("<p>No close has started in the recent quarters.</p></section>");
            return;
        }

        b.Append("<table><caption>Recent quarters, newest first</caption><thead><tr><th scope=\"col\">Quarter</th><th scope=\"col\">Status</th><th scope=\"col\">Progress</th>")
         .Append("<th scope=\"col\" class=\"num\">Partners</th><th scope=\"col\" class=\"num\">Total earned</th></tr></thead><tbody>");
        foreach (var c in view.Quarters)
        {
            var current = view.Selected?.Close.Quarter == c.Quarter;
            var state = c.WaitingForFinance ? ("warn", "held: waiting for finance")
                : c.Status?.RuntimeStatus == OrchestrationRuntimeStatus.Completed || (c.Status is null && c.Closed is not null) ? ("ok", "closed")
                : c.Status?.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? ("warn", "failed")
                : ("muted", "closing");
            b.Append("<tr").Append(current ? " class=\"current\"" : "").Append("><th scope=\"row\"><a href=\"/finance?quarter=").Append(E(c.Quarter.ToString())).Append('"')
             .Append(current ? " aria-current=\"page\"" : "").Append('>').Append(E(c.Quarter.ToString())).Append("</a></th>")
             .Append("<td><span class=\"").Append(state.Item1).Append("\">").Append(E(state.Item2)).Append("</span></td><td>").Append(E(c.CustomStatus)).Append("</td>")
             .Append("<td class=\"num\">").Append(c.Closed?.Partners.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").Append("</td>")
             .Append("<td class=\"num\">").Append(c.Closed is { } e ? E(Money(e.TotalEarned)) : "").Append("</td></tr>");
        }

        b.Append("</tbody></table></section>");
    }

    private static void Held(StringBuilder b, FinanceQuarter s, WebCaller caller)
    {
        var q = s.Close.Quarter.ToString();
        var waiting = s.Close.Waiting();
        b.Append("<section aria-labelledby=\"fc-held-h\" class=\"wide\"><h2 id=\"fc-held-h\">Held partners · ").Append(E(q)).Append("</h2>");
        if (waiting.Count == 0)
        {
            b.Append("<p>").Append(s.Close.WaitingForFinance ? "Nothing left to decide." : $"The close of {E(q)} is not waiting for finance ({E(s.Close.CustomStatus.Length > 0 ? s.Close.CustomStatus : "no close running")}).").Append("</p></section>");
            return;
        }

        if (!caller.CanAct) b.Append("<p class=\"note\">Your key's role is <strong>reader</strong>: you can see the holds; an approver decides them.</p>");
        foreach (var partner in waiting)
        {
            var reasons = s.Findings.Where(f => f.PartnerId == partner && f.HoldsPayout).Select(f => f.Summary);
            var formId = $"decide-{partner}";
            b.Append("<form class=\"decide\" method=\"post\" action=\"/finance/closes/").Append(E(q)).Append("/decisions\" aria-labelledby=\"").Append(E(formId)).Append("-h\">")
             .Append("<h3 id=\"").Append(E(formId)).Append("-h\">").Append(E(partner)).Append("</h3>")
             .Append("<p class=\"muted\">").Append(E(string.Join(" ", reasons))).Append("</p>");
            if (caller.CanAct)
            {
                b.Append(CsrfField(caller)).Append("<input type=\"hidden\" name=\"partner\" value=\"").Append(E(partner)).Append("\">")
                 .Append("<div class=\"fields\"><div><label for=\"").Append(E(formId)).Append("-reason\">Reason</label>")
                 .Append("<input id=\"").Append(E(formId)).Append("-reason\" name=\"reason\" required maxlength=\"500\"></div>")
                 .Append("<div><label for=\"").Append(E(formId)).Append("-amount\">Adjustment (USD, for Adjust)</label>")
                 .Append("<input id=\"").Append(E(formId)).Append("-amount\" name=\"amount\" inputmode=\"decimal\" pattern=\"-?[0-9]+(\\.[0-9]{1,2})?\"></div></div>")
                 .Append("<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"release\">Release</button>")
                 .Append("<button type=\"submit\" name=\"action\" value=\"exclude-held\" class=\"secondary\">Exclude held deals</button>")
                 .Append("<button type=\"submit\" name=\"action\" value=\"adjust\" class=\"secondary\">Adjust</button></div>");
            }

            b.Append("</form>");
        }

        if (caller.CanAct)
        {
            b.Append("<form class=\"approve\" method=\"post\" action=\"/finance/closes/").Append(E(q)).Append("/decisions\">").Append(CsrfField(caller))
             .Append("<input type=\"hidden\" name=\"partner\" value=\"*\"><input type=\"hidden\" name=\"action\" value=\"approve-all\">")
             .Append("<label for=\"approve-reason\">Reason for approving all as computed</label><input id=\"approve-reason\" name=\"reason\" value=\"approved as computed\" required maxlength=\"500\">")
             .Append("<button type=\"submit\" class=\"secondary\">Approve all (held deals excluded)</button></form>");
        }

        b.Append("</section>");
    }

    private static void Anomalies(StringBuilder b, FinanceQuarter s)
    {
        b.Append("<section aria-labelledby=\"fc-anomalies-h\" class=\"wide\"><h2 id=\"fc-anomalies-h\">Anomalies · ").Append(E(s.Close.Quarter.ToString())).Append("</h2>");
        if (s.Findings.Count == 0)
        {
            b.Append("<p>No anomaly findings.</p></section>");
            return;
        }

        foreach (var group in s.Findings.GroupBy(f => f.Severity))
        {
            var name = group.First().SeverityName;
            b.Append("<table><caption><span class=\"sev sev-").Append(name).Append("\">").Append(E(name)).Append("</span> ")
             .Append(group.Key == AnomalySeverity.High ? "holds the payout until finance decides" : "shown on the statement; pays as computed").Append("</caption>")
             .Append("<thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">Check</th><th scope=\"col\">Finding</th><th scope=\"col\" class=\"num\">Observed</th><th scope=\"col\" class=\"num\">Threshold</th><th scope=\"col\">Deals</th></tr></thead><tbody>");
            foreach (var f in group)
            {
                var deals = string.Join(", ", f.Evidence.DealIds) + (f.Evidence.DealCount > f.Evidence.DealIds.Count ? $" (+{f.Evidence.DealCount - f.Evidence.DealIds.Count} more)" : "");
                var figures = string.Join("; ", f.Evidence.Figures.Select(x => $"{x.Name} = {Number(x.Value, "#,##0.####")}"));
                b.Append("<tr><th scope=\"row\">").Append(E(f.PartnerId)).Append("</th><td>").Append(E(f.Check)).Append("</td><td>").Append(E(f.Summary))
                 .Append(figures.Length > 0 ? $"<br><span class=\"muted\">{E(figures)}</span>" : "").Append("</td>")
                 .Append("<td class=\"num\">").Append(E(Number(f.Evidence.Observed, "#,##0.####"))).Append("</td><td class=\"num\">").Append(E(Number(f.Evidence.Limit, "#,##0.####")))
                 .Append("</td><td>").Append(E(deals)).Append("</td></tr>");
            }

            b.Append("</tbody></table>");
        }

        b.Append("</section>");
    }

    private static void Decisions(StringBuilder b, FinanceQuarter s)
    {
        b.Append("<section aria-labelledby=\"fc-decisions-h\"><h2 id=\"fc-decisions-h\">Decisions · ").Append(E(s.Close.Quarter.ToString())).Append("</h2>");
        if (s.Decisions.Count == 0)
        {
            b.Append("<p>No decisions recorded.</p></section>");
            return;
        }

        b.Append("<table><caption>Who decided what, when and why</caption><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">Partner</th><th scope=\"col\">Action</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        foreach (var d in s.Decisions)
        {
            b.Append("<tr><td>").Append(E(When(d.At))).Append("</td><th scope=\"row\">").Append(E(d.By)).Append("</th><td>").Append(E(d.Partner == "*" ? "all held" : d.Partner))
             .Append("</td><td>").Append(E(d.Action)).Append(d.Amount is { } a ? " " + E(Money(a)) : "").Append("</td><td>").Append(E(d.Reason)).Append("</td></tr>");
        }

        b.Append("</tbody></table></section>");
    }

    private static void InquiryQueue(StringBuilder b, FinanceView view, WebCaller caller)
    {
        b.Append("<section aria-labelledby=\"fc-inquiries-h\" class=\"wide\" id=\"fc-inquiries\"><h2 id=\"fc-inquiries-h\">Inquiries</h2>");
        b.Append("<p class=\"muted\">Target response time: ").Append(E(view.InquiryTarget.TotalDays.ToString("0", System.Globalization.CultureInfo.InvariantCulture))).Append(" days.</p>");
        if (view.Inquiries.Count == 0) b.Append("<p>No inquiry waits for finance.</p>");
        var now = DateTimeOffset.UtcNow;
        foreach (var (i, thread, evidence) in view.Inquiries)
        {
            var age = now - i.OpenedAt;
            var overdue = i.Overdue(now, view.InquiryTarget);
            b.Append("<article class=\"inquiry\" data-inquiry=\"").Append(E(i.Id)).Append("\"><h3><code>").Append(E(i.Id)).Append("</code> · ").Append(E(i.PartnerId))
             .Append(" · ").Append(E(i.Subject.Describe())).Append("</h3><p class=\"").Append(overdue ? "flash" : "muted").Append("\">")
             .Append(E($"{i.Status}, opened {age.TotalDays:0.0} days ago{(overdue ? ", overdue" : "")}{(i.AssignedTo is { } a ? $", assigned to {a}" : "")}")).Append("</p><ul class=\"steps\">");
            foreach (var e in thread)
                b.Append("<li>").Append(E($"{e.At.UtcDateTime:yyyy-MM-dd HH:mm} {e.By} ({e.Role}): {e.Text}")).Append("</li>");
            b.Append("</ul>");
            if (evidence.Count > 0)
            {
                b.Append("<p class=\"evidence\">Evidence: ");
                foreach (var file in evidence)
                    b.Append("<a href=\"/finance/inquiries/").Append(E(Uri.EscapeDataString(i.PartnerId))).Append('/').Append(E(Uri.EscapeDataString(i.Id))).Append("/evidence/")
                     .Append(E(Uri.EscapeDataString(file))).Append("\">").Append(E(file)).Append("</a> ");
                b.Append("</p>");
            }

            if (!caller.CanAct)
            {
                b.Append("</article>");
                continue;
            }

            var action = $"/finance/inquiries/{Uri.EscapeDataString(i.PartnerId)}/{Uri.EscapeDataString(i.Id)}";
            b.Append("<form method=\"post\" action=\"").Append(E(action)).Append("\" class=\"inquiry-reply\">").Append(Html.CsrfField(caller))
             .Append("<input type=\"hidden\" name=\"action\" value=\"reply\"><label>Reply <textarea name=\"message\" required maxlength=\"4000\" rows=\"2\"></textarea></label><button type=\"submit\">Reply</button></form>");
            b.Append("<form method=\"post\" action=\"").Append(E(action)).Append("\" class=\"inquiry-resolve\">").Append(Html.CsrfField(caller))
             .Append("<input type=\"hidden\" name=\"action\" value=\"resolve\"><label>Resolve as <select name=\"resolution\"><option value=\"explained\">explained</option><option value=\"corrected\">corrected</option><option value=\"declined\">declined</option></select></label>")
             .Append("<label>Correction (USD, when corrected) <input name=\"amount\" inputmode=\"decimal\" maxlength=\"20\"></label><label>Answer <textarea name=\"message\" required maxlength=\"4000\" rows=\"2\"></textarea></label><button type=\"submit\">Resolve</button></form></article>");
        }

        if (view.UnconfirmedCorrections.Count > 0)
        {
            b.Append("<h3>Corrections waiting for a second approver</h3><ul class=\"steps\">");
            foreach (var c in view.UnconfirmedCorrections)
            {
                b.Append("<li>").Append(E($"{c.InquiryId} · {c.PartnerId}: {c.Amount:#,##0.00} USD by {c.By}: {c.Reason}"));
                if (caller.CanAct && !string.Equals(caller.Key.Subject, c.By, StringComparison.OrdinalIgnoreCase))
                    b.Append("<form method=\"post\" action=\"/finance/inquiries/").Append(E(Uri.EscapeDataString(c.PartnerId))).Append('/').Append(E(Uri.EscapeDataString(c.InquiryId)))
                     .Append("\">").Append(Html.CsrfField(caller)).Append("<input type=\"hidden\" name=\"action\" value=\"confirm\"><button type=\"submit\">Confirm</button></form>");
                b.Append("</li>");
            }

            b.Append("</ul>");
        }

        b.Append("</section>");
    }

    private static void Notifications(StringBuilder b, FinanceView view)
    {
        b.Append("<div class=\"grid\"><section aria-labelledby=\"fc-notifications-h\"><h2 id=\"fc-notifications-h\">Notifications</h2>");
        if (view.Notifications.Count == 0) b.Append("<p>None yet.</p>");
        else
        {
            b.Append("<ul class=\"steps\">");
            foreach (var n in view.Notifications)
                b.Append("<li>").Append(E(n.Event.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))).Append(" · ").Append(E(n.Event.Subject)).Append("</li>");
            b.Append("</ul>");
        }

        b.Append("</section><section aria-labelledby=\"fc-dead-h\"><h2 id=\"fc-dead-h\">Undelivered webhooks</h2>");
        if (view.DeadLetters.Count == 0) b.Append("<p>Every partner notification was delivered or is still being retried.</p>");
        else
        {
            b.Append("<table><thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">Notification</th><th scope=\"col\">Why</th></tr></thead><tbody>");
            foreach (var n in view.DeadLetters)
                b.Append("<tr><td>").Append(E(n.Event.PartnerId)).Append("</td><td>").Append(E(n.Event.Type)).Append(" <span class=\"muted small\">").Append(E(n.Event.Id)).Append("</span></td><td>").Append(E(n.LastError ?? "")).Append("</td></tr>");
            b.Append("</tbody></table>");
        }

        b.Append("</section></div>");
    }

    private static void Files(StringBuilder b, FinanceQuarter s)
    {
        b.Append("<section aria-labelledby=\"fc-files-h\"><h2 id=\"fc-files-h\">Finance summary and statements</h2>");
        if (s.Summary.Count == 0 && s.Statements.Count == 0)
        {
            b.Append("<p>Written when the close completes.</p></section>");
            return;
        }

        b.Append("<ul class=\"files\">");
        foreach (var f in s.Summary.Concat(s.Statements))
            b.Append("<li><a href=\"/finance/file?name=").Append(E(Uri.EscapeDataString(f.Name))).Append("\">").Append(E(f.Name)).Append("</a></li>");
        b.Append("</ul>");
        if (s.Statements.Count >= FinanceService.ListedStatements) b.Append("<p class=\"muted\">The first ").Append(FinanceService.ListedStatements).Append(" statements are listed.</p>");
        b.Append("</section>");
    }
}
