package dev.lanshare.service.cli;

import dev.lanshare.config.SettingsException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lanshare} command. Exit codes: 0 done, 1 failed (one clear line), 2 bad usage. */
@Command(name = "lanshare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Share folders with the people of your office over SFTP, with no server in the middle.",
        subcommands = {ServeCommand.class, StatusCommand.class, ShareCommands.Share.class,
                ShareCommands.Unshare.class, ShareCommands.Shares.class, PeersCommand.class, PeerCommands.Ls.class,
                PeerCommands.Get.class, PeerCommands.Put.class, PeerCommands.Open.class, PeerCommands.Trust.class,
                UserCommands.class,
                UserCommands.Passwd.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::failed);
        return cl;
    }

    private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof SettingsException se) {
            err.println("lanshare: the settings have problems:");
            se.getMessage().lines().forEach(l -> err.println("  " + l));
        } else if (e instanceof UserError || e instanceof java.io.IOException
                || e instanceof dev.lanshare.service.control.ControlException
                || e instanceof dev.lanshare.service.peer.PeerException) {
            err.println("lanshare: " + e.getMessage());
        } else {
            err.println("lanshare: unexpected error: " + e);
        }
        err.flush();
        return FAILED;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lanshare " + (v == null ? "development build" : v)};
        }
    }
}
