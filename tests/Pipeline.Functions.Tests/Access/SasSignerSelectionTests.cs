using Azure.Core;
using Pipeline.Azure;
using Pipeline.Access;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>Which key signs the links: the account key where there is one, a user delegation key in Azure.</summary>
public sealed class SasSignerSelectionTests
{
    [Fact]
    public void A_connection_string_signs_with_the_account_key()
    {
        var storage = new StorageAccount(StorageAccount.DevelopmentStorage);

        Assert.IsType<SharedKeySasSigner>(BlobSasSigners.For(storage, TimeProvider.System));
    }

    [Fact]
    public void Identity_based_storage_signs_with_a_user_delegation_key()
    {
        var storage = new StorageAccount(
            new Uri("https://acct.blob.core.windows.net"), new Uri("https://acct.queue.core.windows.net"), new Uri("https://acct.table.core.windows.net"),
            new NoCredential());

        var signer = BlobSasSigners.For(storage, TimeProvider.System);

        Assert.IsType<UserDelegationSasSigner>(signer);
        ((IDisposable)signer).Dispose();
    }

    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
