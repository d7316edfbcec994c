using Pipeline.Domain.Ingest;
using Xunit;

namespace Pipeline.Domain.Tests.Ingest;

public sealed class HeaderBindingTests
{
    [Fact]
    public void Header_names_match_whatever_their_case_spaces_or_underscores()
    {
        var result = HeaderBinding.Bind(RecordSchema.Deals, ["Deal ID", "CLOSE_DATE", "quantity ", "List-Amount", "NetAmount", "Colour"], null);
        var binding = result.Binding!;
        Assert.Equal(0, binding.ColumnOf(0));
        Assert.Equal(1, binding.ColumnOf(1));
        Assert.Equal(4, binding.ColumnOf(2));
        Assert.Equal(5, binding.ColumnOf(3));
        Assert.Equal(6, binding.ColumnOf(4));
        Assert.Equal(-1, binding.ColumnOf(5));   // unknown columns are ignored
    }

    [Fact]
    public void Profile_aliases_name_columns_the_partner_calls_differently()
    {
        var profile = new PartnerProfile { HeaderAliases = new Dictionary<string, string> { ["Order No"] = "deal_id", ["Betrag netto"] = "net_amount" } };
        var binding = HeaderBinding.Bind(RecordSchema.Deals, ["order no", "close_date", "quantity", "list_amount", "Betrag Netto"], profile).Binding!;
        Assert.Equal(0, binding.ColumnOf(0));
        Assert.Equal(6, binding.ColumnOf(4));
    }

    [Fact]
    public void A_missing_required_column_rejects_the_file_naming_the_column()
    {
        var rejection = HeaderBinding.Bind(RecordSchema.Deals, ["deal_id", "close_date", "quantity", "list_amount"], null).Rejection!;
        Assert.Equal(DropRejection.Codes.MissingColumn, rejection.Code);
        Assert.Equal("The deals file has no column 'net_amount', which is required.", rejection.Reason);
    }

    [Fact]
    public void Two_header_cells_meaning_one_column_reject_the_file()
    {
        var rejection = HeaderBinding.Bind(RecordSchema.Metrics, ["date", "metric", "value", "Value "], null).Rejection!;
        Assert.Equal(DropRejection.Codes.DuplicateColumn, rejection.Code);
        Assert.Contains("'value' twice", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_columns_may_be_absent()
    {
        Assert.NotNull(HeaderBinding.Bind(RecordSchema.Deals, ["deal_id", "close_date", "quantity", "list_amount", "net_amount"], null).Binding);
    }
}
