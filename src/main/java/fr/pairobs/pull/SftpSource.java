package fr.pairobs.pull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import fr.pairobs.Workspace;
import fr.pairobs.feed.PartnerSpec;
import fr.pairobs.security.FileModes;
import fr.pairobs.security.SecretFileModeException;

/**
 * A partner's SFTP folder, through Apache MINA SSHD. The server's host key must be in the
 * configured known-hosts file (an unknown or changed key is refused, never learnt); the client
 * authenticates with a password or a private key read from secret files.
 */
public final class SftpSource implements RemoteSource {
    private final String where;
    private final String folder;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    private SftpSource(String where, String folder, SshClient client, ClientSession session, SftpClient sftp) {
        this.where = where;
        this.folder = folder;
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    public static SftpSource open(PartnerSpec partner, Workspace workspace) {
        PartnerSpec.Source source = partner.source();
        String where = partner.where();
        Path knownHosts = workspace.resolve(source.knownHosts());
        if (!Files.isRegularFile(knownHosts)) {
            throw new PullException(where + ": known-hosts file " + knownHosts + " does not exist; add the server's key to it "
                    + "(ssh-keyscan -p " + source.port() + " " + source.host() + ")");
        }
        Duration timeout = Duration.ofSeconds(source.timeoutSeconds());
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        if (source.keyFile() != null) {
            Path keyFile = workspace.resolve(source.keyFile());
            if (!Files.isRegularFile(keyFile)) {
                throw new PullException(where + ": key file " + keyFile + " does not exist; put the private key there "
                        + "(readable by the PairObs account only) or fix key-file in config/partners.yml");
            }
            try {
                FileModes.requireOwnerOnly(keyFile, where + ": SFTP private key");
            } catch (SecretFileModeException e) {
                throw new PullException(e.getMessage(), e);
            }
            client.setKeyIdentityProvider(new FileKeyPairProvider(keyFile));
        }
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(source.user(), source.host(), source.port()).verify(timeout).getSession();
            if (source.passwordFile() != null) {
                session.addPasswordIdentity(SecretFile.read(workspace.resolve(source.passwordFile()), where));
            }
            session.auth().verify(timeout);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpSource(where, source.path(), client, session, sftp);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            if (e instanceof PullException p) {
                throw p;
            }
            throw new PullException(where + ": cannot open an SFTP session: " + describe(e), e);
        }
    }

    @Override
    public List<RemoteFile> list() throws IOException {
        List<RemoteFile> files = new ArrayList<>();
        for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..") || !entry.getAttributes().isRegularFile()) {
                continue;
            }
            files.add(new RemoteFile(RemoteFile.checkName(name, where), entry.getAttributes().getSize(), null));
        }
        return files;
    }

    @Override
    public void download(RemoteFile file, Path target, long maxBytes) throws IOException {
        try (InputStream in = sftp.read(folder + "/" + file.name()); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLargeException(file.name(), maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
        } finally {
            closeQuietly(session);
            client.stop();
        }
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // closing after a failure: the first error is the one to report
            }
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (message != null && message.contains("Server key did not validate")) {
            return "the server's host key is not in the known-hosts file, or has changed (" + message + ")";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
