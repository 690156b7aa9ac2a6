package dev.lanshare.tray.swing;

import dev.lanshare.tray.Tools;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A real X server for the window tests: Xvfb on the display the build sets in DISPLAY (see the pom), started once
 * per test JVM. Tests fail, naming the package, when the Xvfb program is missing; ./test installs it.
 */
public final class Xvfb {
    private static Process server;

    private Xvfb() {
    }

    public static synchronized void ensure() throws Exception {
        String display = System.getenv("DISPLAY");
        if (display == null || !display.startsWith(":")) {
            throw new AssertionError("DISPLAY is not set: the build sets it (tray-ui/pom.xml); run the tests with ./test");
        }
        Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
        if (server != null || Files.exists(socket)) {
            return; // ours, or one already serving this display
        }
        String xvfb = Tools.require("Xvfb", "xvfb");
        // -terminate: it exits when this JVM, its one client, disconnects. Killing it from a shutdown hook
        // instead races AWT's own connection, which then fails the JVM's exit.
        server = new ProcessBuilder(xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                "-terminate").redirectErrorStream(true).redirectOutput(new File("target/xvfb.log")).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(socket)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Xvfb did not start on " + display + "; see target/xvfb.log");
            }
            Thread.sleep(50);
        }
    }

    /** What is on the screen inside {@code bounds}, as the user sees it, saved to target/screenshots. */
    static Path screenshot(Rectangle bounds, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        BufferedImage image = new Robot().createScreenCapture(bounds);
        Path file = dir.resolve(name + ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
