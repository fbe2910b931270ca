using Engine.Api.Cli;

return await EngineCli.RunAsync(args);
