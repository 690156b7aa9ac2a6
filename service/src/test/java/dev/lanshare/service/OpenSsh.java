package dev.lanshare.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The OpenSSH client binaries ({@code ssh-keygen}, {@code sftp}, {@code ssh}), run against a test service. */
public final class OpenSsh {
    /** What a finished command printed. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final Path key;

    private OpenSsh(Path key) {
        this.key = key;
    }

    /** Makes an ed25519 key in {@code dir} with {@code ssh-keygen}. */
    public static OpenSsh withNewKey(Path dir) throws IOException, InterruptedException {
        return withNewKey(dir, "ed25519");
    }

    /** Makes a key of {@code type} ({@code ed25519}, {@code rsa}, ...) in {@code dir} with {@code ssh-keygen}. */
    public static OpenSsh withNewKey(Path dir, String type) throws IOException, InterruptedException {
        Path key = dir.resolve("id_" + type);
        Result r = run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", key.toString()),
                null);
        if (r.exit() != 0) {
            throw new IOException("ssh-keygen failed: " + r.all());
        }
        return new OpenSsh(key);
    }

    public String publicKeyLine() throws IOException {
        return Files.readString(key.resolveSibling(key.getFileName() + ".pub")).trim();
    }

    /** {@code sftp -b -} in batch mode with this key and OpenSSH's default algorithms plus {@code options}. */
    public Result sftp(int port, String user, String batch, String... options)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sftp", "-b", "-", "-P", String.valueOf(port)));
        cmd.addAll(common(options));
        cmd.add(user + "@127.0.0.1");
        return run(cmd, batch);
    }

    /**
     * {@code sftp} as the guest, reading {@code commands} from standard input: {@code -b} would imply BatchMode, in
     * which keyboard-interactive (the guest's way in, with no prompt) is not tried; {@code sshpass} answers an empty
     * password should the client ask for one.
     */
    public static Result guestSftp(int port, String commands, String... options)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", "", "sftp", "-P", String.valueOf(port)));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-F", "none", "-o", "PubkeyAuthentication=no", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "guest@127.0.0.1"));
        return run(cmd, commands);
    }

    /** {@code ssh} with this key: used to show which algorithms and requests the server refuses. */
    public Result ssh(int port, String user, List<String> options, String... command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-p", String.valueOf(port)));
        cmd.addAll(common(options.toArray(new String[0])));
        cmd.add(user + "@127.0.0.1");
        cmd.addAll(List.of(command));
        return run(cmd, null);
    }

    /**
     * Starts {@code ssh -s sftp} with this key: the SFTP subsystem's raw packets on the process's standard input and
     * output, for a test that plays a client the {@code sftp} command would never be.
     */
    public Process sftpSubsystem(int port, String user) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-p", String.valueOf(port)));
        cmd.addAll(common());
        cmd.addAll(List.of("-s", user + "@127.0.0.1", "sftp"));
        return new ProcessBuilder(Tools.checked(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** {@code options} first: for ssh, the first value given for an option wins. */
    private List<String> common(String... options) {
        List<String> cmd = new ArrayList<>(List.of(options));
        cmd.addAll(List.of("-i", key.toString(), "-F", "none",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=INFO", "-o", "ConnectTimeout=10"));
        return cmd;
    }

    public static Result run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Tools.checked(cmd)).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete(e.toString());
            }
        });
        t.start();
        String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        t.join();
        return new Result(p.exitValue(), outText, errText.join());
    }
}
