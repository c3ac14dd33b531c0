package fr.pairobs.security;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.stereotype.Component;

import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.PseudonymKeyProvider;

import static java.util.Objects.requireNonNull;

/**
 * Before an ingest step writes a row: the key is loaded and checked against the lake's key registry
 * (a key that does not match fails the step with what to do), and its id and fingerprint are
 * recorded in the step's ExecutionContext, so the job repository says which key wrote each batch.
 */
@Component
public final class IngestKeyStamp implements StepExecutionListener {
    public static final String KEY_ID = "pseudonym.key_id";
    public static final String KEY_FINGERPRINT = "pseudonym.key_fingerprint";

    private final PseudonymKeyProvider keys;

    public IngestKeyStamp(PseudonymKeyProvider keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        if (!keys.isConfigured()) {
            // a feed without person columns needs no key; one with them fails in its own words
            return;
        }
        PseudonymKey key = keys.key();
        stepExecution.getExecutionContext().putString(KEY_ID, key.keyId());
        stepExecution.getExecutionContext().putString(KEY_FINGERPRINT, key.fingerprint());
    }
}
