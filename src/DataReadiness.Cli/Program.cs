using System.CommandLine;
using DataReadiness.Cli;

return CommandLineApp.Run(args, Console.Out, Console.Error);
