package fr.pairobs.feed;

import static java.util.Objects.requireNonNull;

/** A partner organisation and where its exports are pulled from ({@code config/partners.yml}). */
public record PartnerSpec(String id, String name, String category, Source source) {
    public PartnerSpec {
        requireNonNull(id, "id is null");
        requireNonNull(source, "source of partner " + id + " is null");
    }

    /** The partner and where its files are, for messages; never carries a secret. */
    public String where() {
        return "partner " + id + " (" + source.describe() + ")";
    }

    /**
     * Where to pull from. {@code directory}: a local or mounted folder ({@code path}). {@code sftp}:
     * {@code host}, {@code port}, {@code user}, remote folder {@code path}, the server's key checked
     * against {@code known-hosts}, and {@code password-file} or {@code key-file}. {@code https}: the
     * folder {@code url} and its {@code index} (a {@code sha256sum} listing, default {@code SHA256SUMS}),
     * TLS verified against the JDK's authorities or {@code ca-file}, a bearer token from
     * {@code token-file}. Secret files are paths (relative to pairobs.home), never the secret itself.
     *
     * <p>When a file is complete (directory and SFTP, where a partner may still be writing it): {@code ready:
     * stable-size} (the default) lands a file whose size is the same at two looks {@code stable-seconds} apart
     * (a local file unmodified for that long needs no second look), or at once when a marker says it is complete;
     * {@code ready: marker} lands only files with a marker. A marker is {@code <name>.done} (any content) or
     * {@code <name>.sha256} (the file's SHA-256 first on its first line, as {@code sha256sum} writes it), which
     * the landed bytes must match. {@code stable-seconds} defaults to {@value #DIRECTORY_STABLE_SECONDS} for a
     * directory and {@value #SFTP_STABLE_SECONDS} for SFTP; 0 turns the second look off, for a partner that
     * moves finished files into the folder. {@code max-index-bytes} (HTTPS) bounds the index that is read.
     */
    public record Source(String type, String path, String host, Integer port, String user, String knownHosts,
            String passwordFile, String keyFile, String url, String index, String tokenFile, String caFile,
            Integer timeoutSeconds, String ready, Integer stableSeconds, Long maxIndexBytes) {
        public static final int DIRECTORY_STABLE_SECONDS = 1;
        public static final int SFTP_STABLE_SECONDS = 5;
        public static final long DEFAULT_MAX_INDEX_BYTES = 1L << 20;

        public Source {
            type = type == null ? "directory" : type;
            port = port == null ? 22 : port;
            index = index == null ? "SHA256SUMS" : index;
            timeoutSeconds = timeoutSeconds == null ? 60 : timeoutSeconds;
            ready = ready == null ? "stable-size" : ready;
            stableSeconds = stableSeconds != null ? stableSeconds
                    : "sftp".equals(type) ? SFTP_STABLE_SECONDS : DIRECTORY_STABLE_SECONDS;
            maxIndexBytes = maxIndexBytes == null ? DEFAULT_MAX_INDEX_BYTES : maxIndexBytes;
        }

        /** A source with the defaults for when a file is complete and how large an index may be. */
        public Source(String type, String path, String host, Integer port, String user, String knownHosts,
                String passwordFile, String keyFile, String url, String index, String tokenFile, String caFile,
                Integer timeoutSeconds) {
            this(type, path, host, port, user, knownHosts, passwordFile, keyFile, url, index, tokenFile, caFile, timeoutSeconds,
                    null, null, null);
        }

        public static Source directory(String path) {
            return new Source("directory", path, null, null, null, null, null, null, null, null, null, null, null);
        }

        /** The same source with another completeness rule. */
        public Source withReady(String ready, Integer stableSeconds) {
            return new Source(type, path, host, port, user, knownHosts, passwordFile, keyFile, url, index, tokenFile, caFile,
                    timeoutSeconds, ready, stableSeconds, maxIndexBytes);
        }

        /** What is missing or contradictory for this type, empty when the source can be used. */
        public java.util.List<String> problems() {
            java.util.List<String> problems = new java.util.ArrayList<>();
            switch (type) {
                case "directory" -> require(problems, "path", path);
                case "sftp" -> {
                    require(problems, "host", host);
                    require(problems, "user", user);
                    require(problems, "path", path);
                    require(problems, "known-hosts", knownHosts);
                    if ((passwordFile == null) == (keyFile == null)) {
                        problems.add("exactly one of password-file and key-file is needed");
                    }
                }
                case "https" -> {
                    require(problems, "url", url);
                    if (url != null && !url.startsWith("https://")) {
                        problems.add("url must start with https:// (plain http is refused)");
                    }
                }
                default -> problems.add("type '" + type + "' is not known; use directory, sftp or https");
            }
            if (!ready.equals("stable-size") && !ready.equals("marker")) {
                problems.add("ready '" + ready + "' is not known; use stable-size or marker");
            }
            if (stableSeconds < 0) {
                problems.add("stable-seconds must be 0 or more");
            }
            if (maxIndexBytes <= 0) {
                problems.add("max-index-bytes must be positive");
            }
            return problems;
        }

        private static void require(java.util.List<String> problems, String name, String value) {
            if (value == null || value.isBlank()) {
                problems.add(name + " is required");
            }
        }

        /** Where the files are, for logs and listings; never carries a secret. */
        public String describe() {
            return switch (type) {
                case "sftp" -> "sftp://" + user + "@" + host + ":" + port + path;
                case "https" -> url;
                default -> path;
            };
        }
    }
}
