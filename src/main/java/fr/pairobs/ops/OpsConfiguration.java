package fr.pairobs.ops;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics (Micrometer, Prometheus format), the progress display and the failure notification hook.
 * Settings: {@code pairobs.progress.*}, {@code pairobs.notify.*}, {@code pairobs.shutdown.signals}; the
 * metrics page's port is an option of {@code pairobs scheduler}.
 */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

    @Bean(destroyMethod = "close")
    PrometheusMeterRegistry prometheusMeterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "pairobs");
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /** Spring Batch records its job and step observations here; the handler turns them into timers. */
    @Bean
    ObservationRegistry observationRegistry(PrometheusMeterRegistry meters) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return registry;
    }

    @Bean
    PipelineMetrics pipelineMetrics(PrometheusMeterRegistry meters) {
        return new PipelineMetrics(meters).bindGauges();
    }

    @Bean
    ProgressDisplay progressDisplay(@Value("${pairobs.progress.interactive:auto}") String interactive,
            @Value("${pairobs.progress.interval:10s}") Duration interval) {
        boolean terminal = switch (interactive) {
            case "always" -> true;
            case "never" -> false;
            default -> ProgressDisplay.terminalAttached();
        };
        return new ProgressDisplay(terminal, interval);
    }

    @Bean
    FailureNotifier failureNotifier(@Value("${pairobs.notify.command:}") List<String> command,
            @Value("${pairobs.notify.webhook:}") String webhook, @Value("${pairobs.notify.timeout:30s}") Duration timeout) {
        return new FailureNotifier(command.stream().filter(s -> !s.isBlank()).toList(), webhook, timeout);
    }

    /**
     * SIGTERM / SIGINT close the context before the JVM shuts down (pairobs.shutdown.signals, default
     * true). Installed once the context has started, before the command runs.
     */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationStartedEvent> shutdownSignals(
            @Value("${pairobs.shutdown.signals:true}") boolean enabled) {
        return event -> {
            if (enabled) {
                ShutdownSignals.install(event.getApplicationContext());
            }
        };
    }
}
