package fr.pairobs.warehouse;

/** The warehouse could not be built, checked or published; the message names the SQL file or path. */
public final class WarehouseException extends RuntimeException {
    public WarehouseException(String message) {
        super(message);
    }

    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
