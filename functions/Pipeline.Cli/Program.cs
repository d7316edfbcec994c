using System.CommandLine;
using Pipeline.Cli.Commands;
using Pipeline.Benchmarks;

var root = new RootCommand("Partner Payouts: ingest partner drops, close quarters, publish statements and the Parquet lake.")
{
    GlobalOptions.Storage,
};
root.Subcommands.Add(UploadCommand.Create());
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(PullCommand.Create());
root.Subcommands.Add(HostCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(OrchestrationsCommand.Create());
root.Subcommands.Add(PartnersCommand.Create());
root.Subcommands.Add(FinanceCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(StatementsCommand.Create());
root.Subcommands.Add(BenchmarkCommand.Create());
root.Subcommands.Add(CloseCommand.Create());
root.Subcommands.Add(ProgramCommand.Create());
root.Subcommands.Add(DemoCommand.Create());

return await root.Parse(args).InvokeAsync();
