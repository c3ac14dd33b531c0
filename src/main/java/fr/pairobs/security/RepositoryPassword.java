package fr.pairobs.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded H2 job repository's password: generated on first use and kept as a secret file
 * ({@code <home>/secrets/repository.password}, mode 0600, or {@code pairobs.repository.password-file}),
 * never an empty password that any local process could use. A repository created before (user
 * {@code sa}, empty password) is given the new password once, so its runs, steps and restart points
 * stay. A password set in configuration (the postgres profile) is left alone.
 */
public final class RepositoryPassword implements EnvironmentPostProcessor, Ordered {
    private static final String H2_FILE = "jdbc:h2:file:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith(H2_FILE)) {
            return;
        }
        String configured = environment.getProperty("spring.datasource.password");
        if (configured != null && !configured.isEmpty()) {
            return;
        }
        String home = environment.getProperty("pairobs.home", "var");
        String file = environment.getProperty("pairobs.repository.password-file");
        Path secret = file != null && !file.isBlank() ? Path.of(file).toAbsolutePath()
                : Path.of(home).toAbsolutePath().resolve("secrets/repository.password");
        String user = environment.getProperty("spring.datasource.username", "sa");
        String password = passwordFor(url, user, secret);
        environment.getPropertySources().addFirst(new MapPropertySource("pairobs-repository-password",
                Map.of("spring.datasource.password", password)));
    }

    /**
     * Reads the repository's password, or makes one: written to {@code secret} (0600 from creation),
     * then set on the existing database if there is one.
     */
    public static String passwordFor(String url, String user, Path secret) {
        if (Files.exists(secret)) {
            FileModes.requireOwnerOnly(secret, "job repository password");
            try {
                String password = Files.readString(secret, StandardCharsets.US_ASCII).strip();
                if (!password.matches("[0-9a-f]{64}")) {
                    throw new IllegalStateException("job repository password file " + secret + " does not hold 64 hexadecimal "
                            + "characters; restore it from the backup of the secrets");
                }
                return password;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the job repository password file " + secret + ": " + e.getMessage(), e);
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        FileModes.createOwnerOnly(secret, (password + "\n").getBytes(StandardCharsets.US_ASCII));
        Path database = databaseFile(url);
        if (Files.exists(database)) {
            // a repository from before: same runs, new password (its user had an empty one)
            try (Connection connection = DriverManager.getConnection(url, user, ""); Statement statement = connection.createStatement()) {
                statement.execute("ALTER USER \"" + user.toUpperCase(java.util.Locale.ROOT) + "\" SET PASSWORD '" + password + "'");
            } catch (SQLException e) {
                try {
                    Files.deleteIfExists(secret);
                } catch (java.io.IOException ignored) {
                    // the message below says what to do
                }
                throw new IllegalStateException("the job repository " + database + " exists without a password file, and its "
                        + "empty password no longer opens it: restore " + secret + " from the backup of the secrets ("
                        + e.getMessage() + ")", e);
            }
        }
        return password;
    }

    static Path databaseFile(String url) {
        String path = url.substring(H2_FILE.length());
        int semicolon = path.indexOf(';');
        return Path.of((semicolon < 0 ? path : path.substring(0, semicolon)) + ".mv.db").toAbsolutePath();
    }

    /** After the configuration files are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
