package fr.pairobs;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code pairobs.home} absolute before anything reads it: the H2 job repository's URL is built
 * from it, and H2 refuses a path relative to the working directory ({@code --pairobs.home=data/obs}).
 */
public final class AbsoluteHome implements EnvironmentPostProcessor, Ordered {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String home = environment.getProperty("pairobs.home");
        if (home == null || home.isBlank()) {
            return;
        }
        Path absolute = Path.of(home).toAbsolutePath().normalize();
        if (!absolute.toString().equals(home)) {
            environment.getPropertySources().addFirst(new MapPropertySource("pairobs-absolute-home",
                    Map.of("pairobs.home", absolute.toString())));
        }
    }

    /** After the configuration files are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
