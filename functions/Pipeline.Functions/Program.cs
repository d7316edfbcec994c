using Pipeline.Functions;

var app = PipelineApp.Build(args);
await app.RunAsync();
