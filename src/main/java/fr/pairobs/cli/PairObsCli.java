package fr.pairobs.cli;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import picocli.CommandLine;

import static java.util.Objects.requireNonNull;

/** Runs the picocli command line inside the Spring context; its exit code becomes the process's. */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "pairobs.cli", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class PairObsCli implements CommandLineRunner, ExitCodeGenerator {
    private final ApplicationContext context;
    private int exitCode;

    public PairObsCli(ApplicationContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public void run(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return context.getBean(type);
                } catch (org.springframework.beans.factory.NoSuchBeanDefinitionException e) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        };
        CommandLine commandLine = new CommandLine(RootCommand.class, factory);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (Boolean.getBoolean("pairobs.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return 2;
        });
        exitCode = commandLine.execute(withoutSpringProperties(args));
    }

    /** {@code --pairobs.home=/data} and the like configure Spring, not a command. */
    static String[] withoutSpringProperties(String[] args) {
        return java.util.Arrays.stream(args)
                .filter(a -> !(a.startsWith("--") && a.contains("=") && a.substring(2, a.indexOf('=')).contains(".")))
                .toArray(String[]::new);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
