using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataReadiness.Bench;

// The orchestrator runs every measurement in a child process of its own, so each peak memory figure is that
// measurement's alone, and prints them side by side with ratios (the machines are shared: ratios, not seconds).
if (args.Length > 0 && args[0] == "measure") return Measurements.Run(args[1..]);
if (args.Length > 0 && args[0] == "realdata") return DataReadiness.Bench.RealData.RealDataCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "worlds") return DataReadiness.Bench.Worlds.WorldsBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == "names-run") return VendorRunBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == "cluster") return ClusterBenchmark.Run(args[1..]);
return Orchestrator.Run(args);
