package fr.pairobs.release;

import java.nio.file.Path;
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
import fr.pairobs.report.PdfPrinter;
import fr.pairobs.report.ReportBuilder;

/** The open release: {@code <home>/release/}, the last {@code pairobs.release.keep} releases kept (5 by default). */
@Configuration(proxyBeanMethods = false)
public class ReleaseConfiguration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReleaseConfiguration.class);

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

    /**
     * The report written into every release before it is published: report.html always, report.pdf printed by Chromium
     * ({@code pairobs.report.pdf}: {@code auto}, printed when a Chromium is found, with a warning when none is;
     * {@code off}, never).
     */
    @Bean
    ReleaseSteps releaseSteps(OpenRelease release, WarehouseSteps warehouseSteps, JobRepository jobRepository,
            PlatformTransactionManager transactionManager, PairObsProperties properties,
            @Value("${pairobs.report.pdf:auto}") String pdf, @Value("${pairobs.report.chromium:}") String chromium) {
        if (!pdf.equals("auto") && !pdf.equals("off")) {
            throw new IllegalArgumentException("pairobs.report.pdf must be auto or off, not '" + pdf + "'");
        }
        java.util.function.Consumer<Path> report = staged -> {
            java.util.Optional<PdfPrinter> printer = pdf.equals("off") ? java.util.Optional.empty() : PdfPrinter.find(chromium);
            if (printer.isEmpty() && pdf.equals("auto")) {
                LOG.warn("report.pdf not printed: no Chromium found (install Debian's chromium, or set pairobs.report.chromium); "
                        + "the release has report.html only");
            }
            new ReportBuilder(properties.configDir(), properties.sqlDir(), printer).write(staged, staged, null);
        };
        return new ReleaseSteps(release, warehouseSteps::buildFile, jobRepository, transactionManager, report);
    }
}
