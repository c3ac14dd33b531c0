package fr.pairobs.ops;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT close the application context before the JVM starts shutting down. With plain
 * shutdown hooks, the embedded H2 job repository closes itself at the same
 * moment as Spring, so a running job could not record that it stopped; here the context closes
 * first (running jobs stop after their current chunk, see GracefulStop), then the process exits
 * with 128 + the signal number.
 */
public final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    public static void install(ConfigurableApplicationContext context) {
        AtomicBoolean closing = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!closing.compareAndSet(false, true)) {
                        return;
                    }
                    Thread closer = new Thread(() -> {
                        LOG.info("SIG{} received: stopping running jobs after their current chunk", signal.getName());
                        try {
                            context.close();
                        } finally {
                            System.exit(128 + signal.getNumber());
                        }
                    }, "pairobs-shutdown");
                    closer.start();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("signal {} cannot be handled here: {}", name, e.getMessage());
            }
        }
    }
}
