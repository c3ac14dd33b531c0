package fr.pairobs.cli;

import picocli.CommandLine.Command;

/** {@code pairobs}: the nightly data pipeline of the peer-support observatory. */
@Command(name = "pairobs", mixinStandardHelpOptions = true, version = "PairObs 0.1",
        description = "Nightly data pipeline of the peer-support observatory: pull partner exports, "
                + "validate and pseudonymize them, write the Parquet lake, build and publish the DuckDB warehouse.",
        subcommands = {DemoCommand.class, RunCommand.class, RunsCommand.class, RunInfoCommand.class,
                RestartCommand.class, RecoverCommand.class, RejectsCommand.class, SqlCommand.class, JobsCommand.class,
                ScheduleCommand.class, SchedulerCommand.class, LineageCommand.class, PurgeCommand.class, DiscardCommand.class,
                QuarantineCommand.class, WorkerCommand.class, BenchCommand.class, RekeyCommand.class, ReleaseCommand.class, ReportCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class RootCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
