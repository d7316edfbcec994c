using System.Text;
using Pipeline.Azure;

namespace Pipeline.Testing;

/// <summary>Reference data for integration tests: a partner registry naming the given partners, and FX rates.</summary>
public static class TestConfig
{
    public const string DealsHeader = "deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date";

    /// <summary>Registers each id as an active reseller (ids starting with "ag" as agencies) and one EUR rate.</summary>
    public static async Task SeedAsync(StorageAccount account, params string[] partnerIds)
    {
        var partners = new StringBuilder("partner_id,name,type,base_fee,quarterly_target,joined,status\n");
        foreach (var id in partnerIds)
        {
            partners.Append(id.StartsWith("ag", StringComparison.Ordinal)
                ? $"{id},Agency {id},agency,10000.00,0,2024-01-15,active\n"
                : $"{id},Reseller {id},reseller,0,100000.00,2024-01-15,active\n");
        }

        var config = account.Container(Names.Config);
        await config.CreateIfNotExistsAsync();
        await config.GetBlobClient("partners.csv").UploadAsync(BinaryData.FromString(partners.ToString()), overwrite: true);
        await config.GetBlobClient("fx/rates.csv").UploadAsync(BinaryData.FromString("date,currency,usd_per_unit\n2025-01-01,EUR,1.1000\n2026-01-01,EUR,1.1500\n"), overwrite: true);
    }

    /// <summary>A valid deals file with one row per id.</summary>
    public static string DealsCsv(params string[] dealIds) =>
        DealsHeader + "\n" + string.Concat(dealIds.Select((id, i) => $"{id},2026-07-{1 + i % 28:D2},C-{i},Suite,1,1000.00,900.00,USD,won,\n"));
}

/// <summary>Reads the drop audit ledger in tests.</summary>
public static class TestAudit
{
    public static async Task<List<Pipeline.Azure.AuditRecord>> AllAsync(StorageAccount storage)
    {
        var rows = new List<Pipeline.Azure.AuditRecord>();
        await foreach (var r in new Pipeline.Azure.AuditLedger(storage).ReadAllAsync()) rows.Add(r);
        return rows;
    }
}
