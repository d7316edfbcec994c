using Pipeline.Testing;
using Xunit;

namespace Pipeline.Features.Tests;

/// <summary>All integration tests of this assembly share one Azurite (each test takes its own account).</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
