// The Wal benchmark harness (see perf/RESULTS.md for how it is run and what it measured).
Console.Error.WriteLine("usage: see perf/RESULTS.md");
return 2;
