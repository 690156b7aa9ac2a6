package dev.lanshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * OpenSSH's sshd with its sftp-server, with its own config, host key and authorized key, on a loopback port.
 * sshd forks (and re-executes) itself for every connection and that child starts sftp-server, so the CPU a
 * transfer costs is not in the listener's own time: it is in the listener's cutime/cstime once the children have
 * exited and been reaped, which {@link #cpuSeconds} waits for.
 */
final class OpenSshServer implements Server {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final List<Path> SFTP_SERVERS = List.of(Path.of("/usr/lib/openssh/sftp-server"),
            Path.of("/usr/libexec/openssh/sftp-server"), Path.of("/usr/libexec/sftp-server"));

    private final Process process;
    private final int port;
    private final Path data;

    private OpenSshServer(Process process, int port, Path data) {
        this.process = process;
        this.port = port;
        this.data = data;
    }

    static OpenSshServer start(Path dir, Path data, Path clientKeyPub) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new IOException(SSHD + " is missing: install openssh-server (apt-get install openssh-server)");
        }
        Path sftpServer = SFTP_SERVERS.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IOException("no sftp-server in " + SFTP_SERVERS));
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("sshd_host_ed25519");
        if (!Files.exists(hostKey)) {
            Keys.generate(hostKey);
        }
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(clientKeyPub, authorized, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        privilegeSeparationDirectory();
        int port = Server.freePort();
        Path config = dir.resolve("sshd_config");
        Files.write(config, List.of("ListenAddress 127.0.0.1", "Port " + port, "HostKey " + hostKey,
                "AuthorizedKeysFile " + authorized, "PidFile none", "UsePAM no", "StrictModes no",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
                // 16 clients connect at once: the default 10:30:100 would drop some of them
                "MaxStartups 64", "MaxSessions 64", "Subsystem sftp " + sftpServer, "LogLevel ERROR"));
        Path log = dir.resolve("sshd.log");
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            Server.awaitBanner(port, process, log, Duration.ofSeconds(30));
        } catch (IOException | InterruptedException e) {
            Server.stop(process);
            throw e;
        }
        return new OpenSshServer(process, port, data.toRealPath());
    }

    /** sshd refuses to start without its (normally packaged) empty privilege-separation folder. */
    private static void privilegeSeparationDirectory() throws IOException {
        Path dir = Path.of("/run/sshd");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    @Override
    public String name() {
        return "openssh";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return System.getProperty("user.name");
    }

    @Override
    public String dataPath() {
        return data.toString();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public double cpuSeconds() throws InterruptedException {
        Proc.awaitNoChildren(process.pid(), Duration.ofSeconds(10));
        return Proc.cpuSecondsWithReapedChildren(process.pid());
    }

    @Override
    public void close() throws IOException {
        Server.stop(process);
    }
}
