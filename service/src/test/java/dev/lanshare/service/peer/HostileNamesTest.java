package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.CommandConsole;
import dev.lanshare.service.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.InteractiveChallenge;
import org.apache.sshd.server.auth.keyboard.KeyboardInteractiveAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine that lists names no file can have ({@code ../../x}): a folder copied from it puts nothing
 * outside the folder asked for (CVE-2019-6111 was this for scp). The server is MINA's own SFTP server over a real
 * folder, made to lie about the names it lists, as a hostile machine on the network would.
 */
class HostileNamesTest {
    @TempDir
    Path tmp;
    SshServer sshd;
    CommandConsole console;

    @BeforeEach
    void start() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served/Share/set"));
        Files.writeString(served.resolve("plan.dwg"), "a drawing");
        Files.writeString(served.resolve("escape.txt"), "written outside");
        // what the lying names lead to on the server, which it serves as any file
        Files.writeString(tmp.resolve("served/escaped.txt"), "written outside");
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        sshd.setKeyboardInteractiveAuthenticator(new KeyboardInteractiveAuthenticator() {
            @Override
            public InteractiveChallenge generateChallenge(ServerSession s, String user, String lang, String sub) {
                return new InteractiveChallenge();
            }

            @Override
            public boolean authenticate(ServerSession s, String user, List<String> responses) {
                return true;
            }
        });
        sshd.setPasswordAuthenticator((user, password, session) -> true);
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(tmp.resolve("served")));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory() {
            @Override
            public Command createSubsystem(ChannelSession channel) throws IOException {
                SftpSubsystem lying = new SftpSubsystem(channel, this) {
                    @Override
                    protected String getShortName(Path f) throws IOException {
                        String name = super.getShortName(f);
                        boolean top = f.getParent() != null && f.getParent().getFileName().toString().equals("set");
                        // two levels up from /Share/set is the server's root, where escaped.txt is served
                        return top && name.equals("escape.txt") ? "../../escaped.txt" : name;
                    }
                };
                getRegisteredListeners().forEach(lying::addSftpEventListener);
                return lying;
            }
        }));
        sshd.start();
        console = new CommandConsole(tmp.resolve("me"));
        console.firstContact("127.0.0.1:" + sshd.getPort());
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
        sshd.stop(true);
    }

    @Test
    void aFolderFromAMachineListingNamesNoFileCanHaveStaysInItsFolder() throws Exception {
        Path here = Files.createDirectories(tmp.resolve("here/down"));
        int exit = console.run("get", "127.0.0.1:" + sshd.getPort() + "/Share/set", here.toString(), "-q");
        String said = console.said();
        assertTrue(Files.exists(here.resolve("set/plan.dwg")), exit + ": " + said);
        assertEquals("a drawing", Files.readString(here.resolve("set/plan.dwg")), said);
        try (var all = Files.walk(tmp)) {
            List<Path> escaped = all.filter(p -> p.getFileName().toString().equals("escaped.txt")
                    && !p.startsWith(tmp.resolve("served"))).toList();
            assertEquals(List.of(), escaped, "written outside the folder asked for");
        }
        assertEquals(Main.FAILED, exit, said);
        assertTrue(said.contains("../../escaped.txt (not a name a file can have"), said);
    }
}
