package fr.pairobs.batch;

import java.time.Clock;
import java.util.List;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import fr.pairobs.PairObsProperties;
import fr.pairobs.Workspace;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.pseudo.PseudonymKeyProvider;
import fr.pairobs.pull.LandingArea;
import fr.pairobs.quality.QualityChecks;
import fr.pairobs.warehouse.WarehouseBuilder;

/** Wires the declarative specs, the workspace folders and the generic engine into jobs. */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    /** The jobs are built from specs, not declared as beans: they are registered here for restarts by name. */
    @Bean
    JobRegistry jobRegistry() {
        return new org.springframework.batch.core.configuration.support.MapJobRegistry();
    }

    @Bean
    Workspace workspace(PairObsProperties properties) {
        return new Workspace(properties.home());
    }

    @Bean
    SpecCatalog specCatalog(PairObsProperties properties) {
        return SpecCatalog.load(properties.configDir(), properties.jobsDir());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LandingArea landingArea(Workspace workspace, Clock clock) {
        return new LandingArea(workspace.landing(), clock);
    }

    @Bean
    PseudonymKeyProvider pseudonymKeyProvider(PairObsProperties properties) {
        PairObsProperties.Pseudonym p = properties.pseudonym();
        return new PseudonymKeyProvider(p.keyId(), p.keyEnv(), p.keyFile() != null ? p.keyFile()
                : properties.home().resolve("secrets").resolve("pseudonym.key"), System::getenv, properties.home().resolve("lake"));
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskExecutor ingestExecutor(PairObsProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.ingest().threads());
        executor.setMaxPoolSize(properties.ingest().threads());
        executor.setThreadNamePrefix("ingest-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.initialize();
        return executor;
    }

    @Bean
    FeedSteps feedSteps(SpecCatalog catalog, PairObsProperties properties, Workspace workspace, LandingArea landing,
            JobRepository jobRepository, PlatformTransactionManager transactionManager, PseudonymKeyProvider keys,
            AsyncTaskExecutor ingestExecutor, ObjectProvider<StepListener> ingestListeners,
            ObjectProvider<PipelineEvents> events, io.micrometer.observation.ObservationRegistry observations,
            FileQuarantine quarantine, @org.springframework.beans.factory.annotation.Value("${pairobs.pull.threads:4}") int pullThreads,
            fr.pairobs.remote.RemoteIngest remote) {
        List<StepListener> extra = ingestListeners.orderedStream().toList();
        return new FeedSteps(catalog, properties, workspace, landing, jobRepository, transactionManager, keys,
                ingestExecutor, extra, PipelineEvents.of(events.orderedStream().toList()), observations, quarantine, pullThreads, remote);
    }

    /** Files and sources the nightly set aside: {@code lake/_quarantine/}, read by the build into its quarantine table. */
    @Bean
    FileQuarantine fileQuarantine(SpecCatalog catalog, Workspace workspace, Clock clock) {
        return new FileQuarantine(new fr.pairobs.lake.Quarantine(workspace.lake(), clock), catalog, new LakeLayout(workspace.lake()),
                workspace.rejects());
    }

    @Bean
    WarehouseBuilder warehouseBuilder(SpecCatalog catalog, Workspace workspace, PairObsProperties properties) {
        return new WarehouseBuilder(catalog, new LakeLayout(workspace.lake()), properties.sqlDir(), properties.configDir());
    }

    @Bean
    QualityChecks qualityChecks(PairObsProperties properties, Workspace workspace) {
        return new QualityChecks(properties.sqlDir().resolve("checks"),
                new fr.pairobs.quality.CheckHistory(workspace.warehouse().resolve("checks").resolve("history.csv")));
    }

    @Bean
    WarehouseSteps warehouseSteps(Workspace workspace, WarehouseBuilder builder, QualityChecks checks,
            JobRepository jobRepository, PlatformTransactionManager transactionManager, ObjectProvider<PipelineEvents> events,
            io.micrometer.observation.ObservationRegistry observations) {
        return new WarehouseSteps(workspace, builder, checks, jobRepository, transactionManager,
                PipelineEvents.of(events.orderedStream().toList()), observations);
    }

    @Bean
    PipelineJobs pipelineJobs(SpecCatalog catalog, FeedSteps feedSteps, WarehouseSteps warehouseSteps,
            JobRepository jobRepository, JobRegistry jobRegistry, io.micrometer.observation.ObservationRegistry observations,
            GracefulStop gracefulStop, fr.pairobs.release.ReleaseSteps releaseSteps) {
        return new PipelineJobs(catalog, feedSteps, warehouseSteps, jobRepository, jobRegistry, observations, gracefulStop,
                releaseSteps);
    }

    /** On shutdown, running jobs stop after their current chunk; shutdown waits up to pairobs.shutdown.patience. */
    @Bean
    GracefulStop gracefulStop(ObjectProvider<org.springframework.batch.core.launch.JobOperator> operator,
            @org.springframework.beans.factory.annotation.Value("${pairobs.shutdown.patience:5m}") java.time.Duration patience) {
        return new GracefulStop(operator, patience);
    }

    @Bean
    fr.pairobs.schedule.PipelineSchedule pipelineSchedule(org.quartz.Scheduler scheduler, SpecCatalog catalog) {
        return new fr.pairobs.schedule.PipelineSchedule(scheduler, catalog);
    }

    @Bean
    fr.pairobs.audit.RepositoryRetention repositoryRetention(JobRepository jobRepository, Clock clock) {
        return new fr.pairobs.audit.RepositoryRetention(jobRepository, clock);
    }

    @Bean
    JobRunner jobRunner(PipelineJobs jobs, @Lazy JobOperator jobOperator, JobRepository jobRepository,
            fr.pairobs.ops.FailureNotifier notifier) {
        return new JobRunner(jobs, jobOperator, jobRepository, notifier);
    }
}
