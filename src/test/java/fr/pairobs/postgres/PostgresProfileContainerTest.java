package fr.pairobs.postgres;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The postgres profile against a throw-away PostgreSQL container, where a Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class PostgresProfileContainerTest extends PostgresProfileContract {
    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:16-alpine");

    @Override
    String adminUrl() {
        return POSTGRES.getJdbcUrl() + (POSTGRES.getJdbcUrl().contains("?") ? "&" : "?") + "user=" + POSTGRES.getUsername()
                + "&password=" + POSTGRES.getPassword();
    }
}
