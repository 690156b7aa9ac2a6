package dev.lanshare.service.cli;

import dev.lanshare.config.SettingsException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lanshare} command. Exit codes: 0 done, 1 failed (one clear line), 2 bad usage. */
@Command(name = "lanshare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Share folders with the people of your office over SFTP, with no server in the middle.")
public final class Main {
    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, StatusCommand.class,
            ShareCommands.Share.class, ShareCommands.Unshare.class, ShareCommands.Shares.class, PeersCommand.class, DiscoveryCommand.class,
            DoctorCommand.class, PeerCommands.Ls.class, PeerCommands.Get.class, PeerCommands.Put.class,
            PeerCommands.Open.class, PeerCommands.Login.class, PeerCommands.Trust.class, FindCommand.class, UserCommands.class,
            UserCommands.Passwd.class, CommandLine.HelpCommand.class);

    static {
        // picocli looks for Groovy's closure class when it first builds a command; that class is in no jar here, and
        // the search for it opens every jar of the class path (bcprov's alone costs a cold start 40 ms)
        System.setProperty("picocli.disable.closures", "true");
    }

    /** The JDK's property that names the provider of NIO channels, instead of a search for one. */
    static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    /**
     * Names the platform's own provider of NIO channels, which the JDK would otherwise look for as a service on
     * the class path before it takes that same provider: the search opens every jar (about 60 ms of each command's
     * start here, the command's first socket being the one to the service; `lanshare get` of one small file
     * through the service 0.51 s -> 0.44-0.47 s, medians of 12). Only a provider class that this JDK has is named:
     * a name the JDK cannot load would make every socket fail. The JDK's own datagram sockets keep its default
     * instance of the same class; its selectors take any channel of that class, whichever instance made it.
     */
    static void nameSelectorProvider() {
        if (System.getProperty(SELECTOR_PROVIDER) != null) {
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String name = os.startsWith("linux") ? "sun.nio.ch.EPollSelectorProvider"
                : os.startsWith("mac") ? "sun.nio.ch.KQueueSelectorProvider"
                : os.startsWith("windows") ? "sun.nio.ch.WindowsSelectorProvider" : null;
        if (name == null) {
            return;
        }
        try {
            Class<?> provider = Class.forName(name, false, null);
            if (java.nio.channels.spi.SelectorProvider.class.isAssignableFrom(provider)) {
                System.setProperty(SELECTOR_PROVIDER, name);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // another JDK: the search it makes finds its provider
        }
    }

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        // names and messages from other machines are printed with their control characters shown as '?'
        ControlCharacters.install(System.getProperty("sun.stdout.encoding", java.nio.charset.Charset.defaultCharset()
                .name()));
        System.exit(run(args));
    }

    public static int run(String... args) {
        String first = args.length == 0 ? null : args[0];
        if (first != null && !first.equals("serve")) {
            nameSelectorProvider(); // the service, which starts once, keeps the JDK's own way
            // every other command talks to the service: its socket and JSON mapper get ready beside picocli's model
            Thread ready = new Thread(() -> {
                dev.lanshare.service.control.ControlClient.prepare();
                dev.lanshare.service.control.Protocol.prepare();
            }, "control-ready");
            ready.setDaemon(true);
            ready.start();
        }
        return commandLine(first).execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with only the subcommand called {@code first} when there is one (picocli builds a model of
     * every subcommand it is given, by reflection, from a jar too old for class-data sharing: about half a second
     * of every start of the service on a 2-core machine); with all of them for anything else (help, typos) and for
     * {@code lanshare help [COMMAND]}.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        List<Class<?>> chosen = SUBCOMMANDS.stream().filter(c -> names(c).contains(first)).toList();
        boolean all = chosen.isEmpty() || chosen.contains(CommandLine.HelpCommand.class); // help tells of them all
        for (Class<?> c : all ? SUBCOMMANDS : chosen) {
            cl.addSubcommand(c);
        }
        cl.setExecutionExceptionHandler(Main::failed);
        return cl;
    }

    private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof SettingsException se) {
            err.println("lanshare: the settings have problems:");
            se.getMessage().lines().forEach(l -> err.println("  " + l));
        } else if (e instanceof UserError u && u.isUsage()) {
            err.println("lanshare: " + e.getMessage());
            err.flush();
            return USAGE;
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

    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        List<String> out = new ArrayList<>(Arrays.asList(c.aliases()));
        out.add(c.name());
        return out;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lanshare " + (v == null ? "development build" : v)};
        }
    }
}
