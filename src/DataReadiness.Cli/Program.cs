using DataReadiness.Cli;

// A terminal gets a live progress line; a scheduler (stderr redirected) gets plain timestamped lines.
return CommandLineApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);
