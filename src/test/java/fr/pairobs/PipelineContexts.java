package fr.pairobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Starts the real application (H2 file job repository, real DuckDB, real files) on a home folder of
 * a test's own, without the command line.
 */
public final class PipelineContexts {
    private PipelineContexts() {
    }

    public static ConfigurableApplicationContext start(Path home, Consumer<GenericApplicationContext> beans, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "pairobs.cli.enabled=false",
                "pairobs.home=" + home,
                "pairobs.pseudonym.key-file=" + home.resolve("secrets/pseudonym.key"),
                "pairobs.pseudonym.key-env=PAIROBS_TEST_UNSET_KEY",
                // printing report.pdf costs Chromium half a minute a night: only the report's own test prints it
                "pairobs.report.pdf=off",
                "spring.datasource.url=jdbc:h2:file:" + home.resolve("repository/pairobs") + ";WRITE_DELAY=0"));
        for (String property : properties) {
            String key = property.substring(0, property.indexOf('='));
            all.removeIf(p -> p.startsWith(key + "="));
            all.add(property);
        }
        return new SpringApplicationBuilder(PairObsApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> beans.accept((GenericApplicationContext) context))
                // as command-line arguments, so that they win over config/application.yml
                .run(all.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    public static ConfigurableApplicationContext start(Path home, String... properties) {
        return start(home, context -> { }, properties);
    }
}
