package dev.lanshare.service.cli;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.service.FirstRun;
import dev.lanshare.service.Hosts;
import dev.lanshare.service.Service;
import dev.lanshare.service.StatusFile;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lanshare serve}: the service in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the service in the foreground until Ctrl-C. The first run creates settings: an account "
                + "for you with a random password ('lanshare status' shows it until you change it), and ~/Public "
                + "shared read-only.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    SettingsAccess home;

    @Option(names = "--port", description = "Listen on this port instead of the one in the settings (0: any free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Listen on this address only (default: all).")
    InetAddress bind;

    /** sysexits' EX_CONFIG: the systemd unit does not restart the service for it (a restart would not help). */
    static final int BAD_SETTINGS = 78;

    @Override
    public Integer call() throws Exception {
        if (port != null && (port < 0 || port > 65535)) {
            throw UserError.usage("--port " + port + ": a port is 1 to 65535 (0: any free one)");
        }
        Service.warmUp();
        AppDirs dirs = home.dirs();
        if (StatusFile.read(dirs.statusFile()).isPresent()
                || dev.lanshare.service.control.ControlClient.connect(dirs).isPresent()) {
            throw new UserError("the service is already running for " + dirs.config() + "; see 'lanshare status'");
        }
        if (!SettingsFile.exists(dirs.settingsFile())) {
            firstRun(dirs);
        }
        Service service;
        try {
            service = Service.start(new Service.Options(dirs, bind, port));
        } catch (dev.lanshare.config.SettingsException e) {
            System.err.println("lanshare: not starting: the settings have problems (fix them and start again):");
            e.getMessage().lines().forEach(l -> System.err.println("  " + l));
            return BAD_SETTINGS;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("lanshare: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "lanshare-stop"));
        var s = service.settings();
        System.out.printf("lanshare is running as '%s' on port %d, sharing %s.%n", s.displayName(Hosts.hostName()),
                service.port(), s.shares().isEmpty() ? "nothing yet"
                        : String.join(", ", s.shares().stream().map(dev.lanshare.config.Share::name).toList()));
        System.out.printf("Host key fingerprint: %s%n", service.fingerprint());
        System.out.printf("Colleagues connect with: sftp -P %d ACCOUNT@%s.local%n", service.port(), Hosts.hostName());
        System.out.println("Stop with Ctrl-C.");
        System.out.flush();
        stopped.await();
        return Main.OK;
    }

    private static void firstRun(AppDirs dirs) throws Exception {
        FirstRun.Defaults d = FirstRun.defaults(System.getProperty("user.name"), AppDirs.userHome());
        AtomicFiles.createPrivateDirectories(dirs.config());
        SettingsFile.save(dirs.settingsFile(), d.settings());
        FirstRun.keep(dirs, d);
        System.out.printf("First run: created %s%n", dirs.settingsFile());
        System.out.printf("  Sharing %s as 'Public' (read-only, for accounts).%n", d.folder());
        System.out.printf("  Account '%s', password: %s%n", d.account(), d.password());
        System.out.println("  'lanshare status' and the tray show it until you change it with: lanshare passwd "
                + d.account());
    }
}
