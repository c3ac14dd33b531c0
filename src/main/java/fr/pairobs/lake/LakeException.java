package fr.pairobs.lake;

/** The lake could not be read or written (disk, permissions); internal, not a partner's error. */
public final class LakeException extends RuntimeException {
    public LakeException(String message) {
        super(message);
    }

    public LakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
