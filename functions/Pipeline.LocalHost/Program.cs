using Pipeline.LocalHost;

// The function app with the local host, until Ctrl+C or SIGTERM: `dotnet Pipeline.LocalHost.dll`, with
// AzureWebJobsStorage (default: development storage) and Pipeline__LocalPort (default 7071) from the environment.
return await LocalFunctionsHost.RunAsync(args);
