using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Statements;

/// <summary>
/// What a partner's statement says changed in its terms since the previous closed quarter: the program version (the
/// changes to the partner's own plan and to the cut-off), and the partner's registry entry (base fee, target...).
/// Nothing when nothing changed.
/// </summary>
public static class TermsChanges
{
    public static IReadOnlyList<string> For(
        Quarter previousQuarter, IncentiveProgram previousProgram, Partner? previousPartner, IncentiveProgram program, Partner partner)
    {
        ArgumentNullException.ThrowIfNull(previousProgram);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(partner);
        var notes = new List<string>();
        if (previousProgram.Version != program.Version)
        {
            var plan = program.PlanFor(partner.Type).Id;
            var planPrefix = $"plans[{plan}]";
            var lines = ProgramDiff.Describe(previousProgram, program)
                .Where(l => l.StartsWith(planPrefix, StringComparison.Ordinal) || l.StartsWith("cutOffDays", StringComparison.Ordinal))
                .Select(l => l.StartsWith(planPrefix, StringComparison.Ordinal) ? l[(planPrefix.Length + 1)..] : l)
                .ToList();
            notes.Add($"Program {program.Id} {program.Version} replaces {previousProgram.Version} (used for {previousQuarter})"
                + (lines.Count == 0 ? "; your plan is unchanged." : $"; in your plan: {string.Join("; ", lines)}."));
        }

        if (previousPartner is not null && PartnerChanges.Describe(previousPartner, partner) is { Count: > 0 } mine)
            notes.Add($"Your registry terms changed since {previousQuarter}: {string.Join("; ", mine)}.");
        return notes;
    }
}
