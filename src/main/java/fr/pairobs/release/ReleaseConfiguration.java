package fr.pairobs.release;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.transaction.PlatformTransactionManager;

import fr.pairobs.PairObsProperties;
import fr.pairobs.Workspace;
import fr.pairobs.batch.WarehouseSteps;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.quality.CheckHistory;

/** The open release: {@code <home>/release/}, the last {@code pairobs.release.keep} releases kept (5 by default). */
@Configuration(proxyBeanMethods = false)
public class ReleaseConfiguration {

    @Bean
    Releases releases(Workspace workspace, @Value("${pairobs.release.keep:5}") int keep) {
        return new Releases(workspace.home().resolve("release"), keep);
    }

    @Bean
    OpenRelease openRelease(Workspace workspace, SpecCatalog catalog, PairObsProperties properties, Releases releases, Clock clock) {
        return new OpenRelease(workspace, catalog, properties.sqlDir(), properties.configDir(), releases,
                new CheckHistory(workspace.warehouse().resolve("checks").resolve("history.csv")), clock);
    }

    @Bean
    ReleasePublisher releasePublisher(OpenRelease release) {
        return new ReleasePublisher(release);
    }

    @Bean
    ReleaseSteps releaseSteps(OpenRelease release, WarehouseSteps warehouseSteps, JobRepository jobRepository,
            PlatformTransactionManager transactionManager) {
        return new ReleaseSteps(release, warehouseSteps::buildFile, jobRepository, transactionManager);
    }
}
