package dev.lanshare.bench;

import dev.lanshare.service.Tools;
import java.io.IOException;
import java.nio.file.Path;

/** ed25519 keys made with ssh-keygen, as a user would make them. */
final class Keys {
    private Keys() {
    }

    static void generate(Path privateKey) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Tools.require("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-C", "lanshare-bench", "-f",
                privateKey.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + out);
        }
    }
}
