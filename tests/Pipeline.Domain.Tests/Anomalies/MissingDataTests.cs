using Pipeline.Domain.Anomalies;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class MissingDataTests
{
    [Fact]
    public void An_active_agency_without_metric_rows_is_held()
    {
        var findings = new AnomalyScenario().Agency("AG-1", metricRows: 0).Run();

        var finding = Assert.Single(findings);
        Assert.Equal("missing_data", finding.Check);
        Assert.Equal(AnomalySeverity.High, finding.Severity);
        Assert.Equal("AG-1", finding.PartnerId);
        Assert.Equal(AnomalyScenario.Q3, finding.Quarter);
        Assert.Empty(finding.HeldDealIds);
        Assert.Equal(0m, finding.Evidence.Observed);
        Assert.Equal(["AG-1"], AnomalyDetector.Holds(findings).HeldPartnerIds);
        Assert.Contains("no metric rows", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Deals_do_not_stand_in_for_an_agencys_missing_metrics()
    {
        var findings = new AnomalyScenario().Agency("AG-1", metricRows: 0).OrdinaryDeals("AG-1").Run("missing_data");

        Assert.Equal(10m, Assert.Single(findings).Evidence.Figure("deal_rows"));
    }

    [Fact]
    public void An_agency_with_metric_rows_is_not_missing_data() =>
        Assert.Empty(new AnomalyScenario().Agency("AG-1", metricRows: 1).Run());

    [Fact]
    public void An_active_reseller_with_neither_deals_nor_metrics_is_held()
    {
        var finding = Assert.Single(new AnomalyScenario().Reseller("RS-1", metricRows: 0).Run());

        Assert.Equal("missing_data", finding.Check);
        Assert.True(finding.HoldsPayout);
        Assert.Contains("no deals and no metric rows", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reseller_with_deals_only_in_another_quarter_is_missing_data_for_this_one() =>
        Assert.Single(new AnomalyScenario().Reseller("RS-1", metricRows: 0)
            .Deal("RS-1", "OLD", 500m, closed: AnomalyScenario.Day(6, 30)).Run("missing_data"));

    [Fact]
    public void A_reseller_with_deals_or_with_metrics_is_not_missing_data()
    {
        Assert.Empty(new AnomalyScenario().Reseller("RS-1", metricRows: 0).OrdinaryDeals("RS-1").Run());
        Assert.Empty(new AnomalyScenario().Reseller("RS-1", metricRows: 2).Run());
    }

    [Fact]
    public void Inactive_partners_are_not_flagged_for_missing_data()
    {
        var findings = new AnomalyScenario()
            .Agency("AG-1", active: false, metricRows: 0)
            .Reseller("RS-1", active: false, metricRows: 0)
            .Run();

        Assert.Empty(findings);
    }
}
