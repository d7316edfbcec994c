using Pipeline.Domain.Programs;
using Pipeline.Domain.Statements;
using Pipeline.Domain.Tests.Builders;
using Xunit;

namespace Pipeline.Domain.Tests.Statements;

public sealed class TermsChangesTests
{
    private static readonly Quarter Q2 = Quarter.Parse("2026Q2");

    private static IncentiveProgram Raised() => ProgramDefinitions.Load(ProgramDefinitions.ReadReferenceJson()
        .Replace("\"version\": \"2025.1\"", "\"version\": \"2026.3\"", StringComparison.Ordinal)
        .Replace("{ \"id\": \"core\", \"from\": 0, \"to\": 0.8, \"rate\": 0.08 }", "{ \"id\": \"core\", \"from\": 0, \"to\": 0.8, \"rate\": 0.09 }", StringComparison.Ordinal));

    [Fact]
    public void A_new_program_version_is_named_with_the_changes_to_the_partners_own_plan()
    {
        var reseller = Inputs.Reseller();

        var notes = TermsChanges.For(Q2, ProgramDefinitions.Reference, reseller, Raised(), reseller);
        var agencyNotes = TermsChanges.For(Q2, ProgramDefinitions.Reference, Inputs.Agency(), Raised(), Inputs.Agency());

        Assert.Equal(["Program partner-growth 2026.3 replaces 2025.1 (used for 2026Q2); in your plan: bands[core].rate: 0.08 → 0.09."], notes);
        Assert.Equal(["Program partner-growth 2026.3 replaces 2025.1 (used for 2026Q2); your plan is unchanged."], agencyNotes);
    }

    [Fact]
    public void A_changed_registry_entry_is_listed_and_unchanged_terms_say_nothing()
    {
        var before = Inputs.Agency(10_000m);

        Assert.Equal(["Your registry terms changed since 2026Q2: base fee 10000.00 → 12000.00."],
            TermsChanges.For(Q2, ProgramDefinitions.Reference, before, ProgramDefinitions.Reference, before with { BaseFee = 12_000m }));
        Assert.Empty(TermsChanges.For(Q2, ProgramDefinitions.Reference, before, ProgramDefinitions.Reference, before));
        Assert.Empty(TermsChanges.For(Q2, ProgramDefinitions.Reference, null, ProgramDefinitions.Reference, before));
    }
}
