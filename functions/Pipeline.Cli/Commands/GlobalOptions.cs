using System.CommandLine;

namespace Pipeline.Cli.Commands;

public static class GlobalOptions
{
    public static Option<string?> Storage { get; } = new("--storage")
    {
        Description = "Storage connection string (default: AzureWebJobsStorage, else UseDevelopmentStorage=true, which starts Azurite when nothing answers).",
        Recursive = true,
    };
}
