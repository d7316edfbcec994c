using System.Text.Json;
using CsCheck;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Tests.Builders;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>Invariants that hold for every partner and quarter, checked on generated inputs.</summary>
public sealed class PayoutPropertyTests
{
    [Fact]
    public void Total_earned_is_the_sum_of_the_lines_and_balance_due_is_total_less_advance() =>
        Generators.Any.Sample(input =>
        {
            var result = Pay(input);
            Assert.Equal(result.Lines.Sum(l => l.Amount), result.TotalEarned);
            Assert.Equal(result.TotalEarned - result.Advance, result.BalanceDue);
        }, iter: 400);

    [Fact]
    public void Every_line_is_basis_times_rate_in_whole_cents_and_none_has_a_zero_basis() =>
        Generators.Any.Sample(input =>
        {
            foreach (var line in Pay(input).Lines)
            {
                Assert.True(line.Amount.Scale <= 2, $"{line.RuleId} amount {line.Amount} has more than 2 decimals");
                Assert.NotEqual(0m, line.Basis);
                var expected = Math.Round(line.Basis * line.Rate, 2, MidpointRounding.AwayFromZero);
                Assert.Equal(line.RuleId == RuleIds.Clawback ? -expected : expected, line.Amount);
            }
        }, iter: 400);

    [Fact]
    public void More_qualifying_revenue_never_lowers_a_resellers_commission() =>
        Gen.Select(Generators.Reseller, Generators.Cents).Sample((input, extra) =>
        {
            // a won deal at list price (not eroded) closed in the quarter adds exactly `extra` to R
            var more = input with { Deals = [.. input.Deals, Deal("D-EXTRA", extra)] };
            var before = Pay(input);
            var after = Pay(more);

            Assert.Equal(before.Revenue + extra, after.Revenue);
            Assert.True(after.TotalEarned >= before.TotalEarned, $"R {before.Revenue} → {after.Revenue} lowered the total {before.TotalEarned} → {after.TotalEarned}");
        }, iter: 400);

    [Fact]
    public void The_same_inputs_give_identical_results_whatever_their_order() =>
        Generators.Any.Sample(input =>
        {
            var shuffled = input with
            {
                Deals = [.. input.Deals.Reverse()],
                Metrics = [.. input.Metrics.Reverse()],
                History = [.. input.History.Reverse()],
                RefundedEarlierDeals = [.. input.RefundedEarlierDeals.Reverse()],
            };
            var first = JsonSerializer.Serialize(Pay(input));

            Assert.Equal(first, JsonSerializer.Serialize(Pay(input)));
            Assert.Equal(first, JsonSerializer.Serialize(Pay(shuffled)));
        }, iter: 200);
}
