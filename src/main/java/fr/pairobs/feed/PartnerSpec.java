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
     */
    public record Source(String type, String path, String host, Integer port, String user, String knownHosts,
            String passwordFile, String keyFile, String url, String index, String tokenFile, String caFile,
            Integer timeoutSeconds) {
        public Source {
            type = type == null ? "directory" : type;
            port = port == null ? 22 : port;
            index = index == null ? "SHA256SUMS" : index;
            timeoutSeconds = timeoutSeconds == null ? 60 : timeoutSeconds;
        }

        public static Source directory(String path) {
            return new Source("directory", path, null, null, null, null, null, null, null, null, null, null, null);
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
