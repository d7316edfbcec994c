using System.Text.Json.Nodes;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Tests.Programs;

/// <summary>Invalid files are made by breaking one thing in the reference file, so each test shows exactly what is wrong.</summary>
internal static class ProgramFileMutations
{
    public static string Mutate(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(ProgramDefinitions.ReadReferenceJson())!;
        change(root);
        return root.ToJsonString();
    }

    public static JsonNode Agency(this JsonNode root) => root["plans"]![0]!;
    public static JsonNode Reseller(this JsonNode root) => root["plans"]![1]!;

    public static IReadOnlyList<ProgramError> ErrorsOf(string json) =>
        Assert.Throws<ProgramDefinitionException>(() => ProgramDefinitions.Load(json)).Errors;
}
