package fr.pairobs.pull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import fr.pairobs.Workspace;
import fr.pairobs.feed.PartnerSpec;

/**
 * A partner's folder served over HTTPS (JDK HttpClient). The folder publishes an index in the
 * {@code sha256sum} format ({@code <sha256>  <name>} per line), so files already landed are not
 * downloaded again and every download is checked against its published checksum. TLS is verified,
 * host name included, against the JDK's authorities or the partner's own CA file; the bearer token
 * comes from a secret file.
 */
public final class HttpsSource implements RemoteSource {
    private final String where;
    private final URI folder;
    private final HttpClient http;
    private final String token;
    private final Duration timeout;
    private final String index;
    private final long maxIndexBytes;

    private HttpsSource(String where, URI folder, HttpClient http, String token, Duration timeout, String index, long maxIndexBytes) {
        this.where = where;
        this.index = index;
        this.maxIndexBytes = maxIndexBytes;
        this.folder = folder;
        this.http = http;
        this.token = token;
        this.timeout = timeout;
    }

    public static HttpsSource open(PartnerSpec partner, Workspace workspace) {
        PartnerSpec.Source source = partner.source();
        String where = partner.where();
        Duration timeout = Duration.ofSeconds(source.timeoutSeconds());
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (source.caFile() != null) {
            builder.sslContext(trusting(workspace.resolve(source.caFile()), where));
        }
        String token = source.tokenFile() == null ? null : SecretFile.read(workspace.resolve(source.tokenFile()), where);
        String base = source.url().endsWith("/") ? source.url() : source.url() + "/";
        return new HttpsSource(where, URI.create(base), builder.build(), token, timeout, source.index(), source.maxIndexBytes());
    }

    private static SSLContext trusting(Path caFile, String where) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new PullException(where + ": CA file " + caFile + " holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new PullException(where + ": cannot read CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<RemoteFile> list() throws IOException {
        byte[] bytes;
        try (InputStream body = send(folder.resolve(index), HttpResponse.BodyHandlers.ofInputStream()).body()) {
            // read no further than the limit: closing the stream ends the transfer
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxIndexBytes + 1));
        }
        if (bytes.length > maxIndexBytes) {
            throw new PullException(where + ": the index " + index + " is larger than " + maxIndexBytes + " bytes (max-index-bytes "
                    + "in config/partners.yml); it was not read: ask the partner to check it, or raise the limit");
        }
        String listing = new String(bytes, StandardCharsets.UTF_8);
        List<RemoteFile> files = new ArrayList<>();
        int lineNumber = 0;
        for (String line : listing.split("\n")) {
            lineNumber++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                throw new PullException(where + ": " + index + " line " + lineNumber + ", column 1: '" + line
                        + "' is not '<sha256>  <file name>' (the output of sha256sum); ask the partner to republish it");
            }
            files.add(new RemoteFile(RemoteFile.checkName(parts[1], where), -1, parts[0].toLowerCase(java.util.Locale.ROOT)));
        }
        return files;
    }

    /**
     * Streams the file to {@code target}. The request timeout only covers the wait for the response
     * headers, so the body is watched too: a transfer that makes no progress for the source's timeout
     * is abandoned, and one shorter than its announced length is refused.
     */
    @Override
    public void download(RemoteFile file, Path target, long maxBytes) throws IOException {
        URI uri = folder.resolve(URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        java.util.concurrent.CompletableFuture<HttpResponse<Path>> transfer = http.sendAsync(request(uri),
                limited(HttpResponse.BodyHandlers.ofFile(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                        file.name(), maxBytes));
        HttpResponse<Path> response = null;
        long received = -1;
        try {
            while (response == null) {
                try {
                    response = transfer.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    long now = Files.exists(target) ? Files.size(target) : 0;
                    if (now == received) {
                        transfer.cancel(true);
                        throw new PullException(where + ": " + file.name() + " stalled: no data for " + timeout.toSeconds()
                                + " s after " + now + " bytes; abandoned");
                    }
                    received = now;
                }
            }
        } catch (InterruptedException e) {
            transfer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            TooLargeException tooLarge = tooLarge(cause);
            if (tooLarge != null) {
                throw tooLarge;
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                throw new PullException(where + ": TLS verification failed for " + uri + ": " + cause.getMessage(), cause);
            }
            throw new PullException(where + ": GET " + uri + " failed: " + cause, cause);
        }
        checkStatus(uri, response);
        Optional<Long> announced = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst();
        if (announced.isPresent() && announced.get() != Files.size(target)) {
            throw new PullException(where + ": " + file.name() + " was cut short: " + Files.size(target) + " of "
                    + announced.get() + " bytes received");
        }
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpResponse<T> response;
        try {
            response = http.send(request(uri), handler);
        } catch (javax.net.ssl.SSLException e) {
            throw new PullException(where + ": TLS verification failed for " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        return checkStatus(uri, response);
    }

    private <T> HttpResponse<T> checkStatus(URI uri, HttpResponse<T> response) throws PullException {
        if (response.statusCode() != 200) {
            throw new PullException(where + ": GET " + uri + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 || response.statusCode() == 403 ? " (check the token file)" : ""));
        }
        return response;
    }

    /**
     * A body handler that stops the transfer once more than {@code maxBytes} arrive (or are announced): the JDK 17
     * client has no limit of its own, and a server may send an endless body.
     */
    private static <T> HttpResponse.BodyHandler<T> limited(HttpResponse.BodyHandler<T> handler, String what, long maxBytes) {
        return info -> {
            HttpResponse.BodySubscriber<T> delegate = handler.apply(info);
            long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new HttpResponse.BodySubscriber<T>() {
                private java.util.concurrent.Flow.Subscription subscription;
                private long received;
                private boolean failed;

                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    subscription = s;
                    delegate.onSubscribe(s);
                    if (announced > maxBytes) {
                        fail();
                    }
                }

                @Override
                public void onNext(List<java.nio.ByteBuffer> items) {
                    if (failed) {
                        return;
                    }
                    for (java.nio.ByteBuffer item : items) {
                        received += item.remaining();
                    }
                    if (received > maxBytes) {
                        fail();
                        return;
                    }
                    delegate.onNext(items);
                }

                private void fail() {
                    failed = true;
                    subscription.cancel();
                    delegate.onError(new TooLargeException(what, maxBytes));
                }

                @Override
                public void onError(Throwable throwable) {
                    if (!failed) {
                        delegate.onError(throwable);
                    }
                }

                @Override
                public void onComplete() {
                    if (!failed) {
                        delegate.onComplete();
                    }
                }

                @Override
                public java.util.concurrent.CompletionStage<T> getBody() {
                    return delegate.getBody();
                }
            };
        };
    }

    private static TooLargeException tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    @Override
    public void close() {
        // the JDK 17 HttpClient has no close: its connections are released when it is collected
    }
}
