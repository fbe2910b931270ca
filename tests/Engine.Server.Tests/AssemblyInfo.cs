// Members under test share process-wide metrics and both cores: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
