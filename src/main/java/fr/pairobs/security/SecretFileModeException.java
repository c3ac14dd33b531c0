package fr.pairobs.security;

/** A secret file that other accounts can read; the message names the file and the command that fixes it. */
public final class SecretFileModeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SecretFileModeException(String message) {
        super(message);
    }
}
