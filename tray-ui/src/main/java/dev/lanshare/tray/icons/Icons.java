package dev.lanshare.tray.icons;

import dev.lanshare.tray.model.TrayState;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BaseMultiResolutionImage;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws the tray icon for every renderer (SNI pixmaps, {@code java.awt.TrayIcon}, the window), at any size so it
 * is sharp in every tray: a folder with a sharing dot; green while sharing, amber with a pause bar while paused,
 * grey with a cross when the service is not running.
 */
public final class Icons {
    public static final List<Integer> SIZES = List.of(16, 22, 24, 32, 48, 64, 128);
    private static final Color FOLDER = new Color(0x3D7BD9);
    private static final Color SHARING = new Color(0x2EA043);
    private static final Color PAUSED = new Color(0xD29922);
    private static final Color OFF = new Color(0x8C959F);

    private Icons() {
    }

    public static BufferedImage icon(TrayState.Icon state, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float u = size / 16f;
        g.setColor(state == TrayState.Icon.NOT_RUNNING ? OFF : FOLDER);
        g.fill(new RoundRectangle2D.Float(1 * u, 2 * u, 6 * u, 3 * u, 2 * u, 2 * u));
        g.fill(new RoundRectangle2D.Float(1 * u, 3.5f * u, 14 * u, 10 * u, 2 * u, 2 * u));
        Color badge = state == TrayState.Icon.SHARING ? SHARING : state == TrayState.Icon.PAUSED ? PAUSED : OFF;
        g.setColor(Color.WHITE);
        g.fillOval(Math.round(8 * u), Math.round(7 * u), Math.round(8 * u), Math.round(8 * u));
        g.setColor(badge);
        g.fillOval(Math.round(9 * u), Math.round(8 * u), Math.round(6 * u), Math.round(6 * u));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(1f, 1.2f * u)));
        if (state == TrayState.Icon.PAUSED) {
            g.drawLine(Math.round(11 * u), Math.round(9.5f * u), Math.round(11 * u), Math.round(12.5f * u));
            g.drawLine(Math.round(13 * u), Math.round(9.5f * u), Math.round(13 * u), Math.round(12.5f * u));
        } else if (state == TrayState.Icon.NOT_RUNNING) {
            g.drawLine(Math.round(10.5f * u), Math.round(9.5f * u), Math.round(13.5f * u), Math.round(12.5f * u));
            g.drawLine(Math.round(13.5f * u), Math.round(9.5f * u), Math.round(10.5f * u), Math.round(12.5f * u));
        }
        g.dispose();
        return img;
    }

    public static List<BufferedImage> all(TrayState.Icon state) {
        return SIZES.stream().map(s -> icon(state, s)).toList();
    }

    /** What Windows' notification area asks for at 100%, 125%, 150% and 200% scaling. */
    public static final List<Integer> WINDOWS_SIZES = List.of(16, 20, 24, 32);
    /** The macOS menu bar: 16 and 22 points, at 1x and 2x. */
    public static final List<Integer> MAC_SIZES = List.of(16, 22, 32, 44);

    /**
     * The icon for {@code java.awt.TrayIcon} on this system, as one multi-resolution image so that the JDK draws
     * the size that fits the display's scaling instead of scaling one bitmap: the colour icon on Windows, the
     * template icon on macOS (see {@link #template}).
     */
    public static Image forTray(TrayState.Icon state, String osName, int size) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return new BaseMultiResolutionImage(
                    MAC_SIZES.stream().map(s -> template(state, s)).toArray(Image[]::new));
        }
        if (os.startsWith("windows")) {
            return new BaseMultiResolutionImage(
                    WINDOWS_SIZES.stream().map(s -> icon(state, s)).toArray(Image[]::new));
        }
        return icon(state, Math.max(16, size));
    }

    /**
     * The macOS menu-bar icon: black and transparency only, so that macOS tints it like its own icons (white on a
     * dark menu bar, highlighted when clicked) once {@code apple.awt.enableTemplateImages} is set, which the tray
     * does at start on macOS. Colour cannot tell the states apart here, so shapes do: a dot while sharing, pause
     * bars while paused, a faint folder with a cross when the service is not running.
     */
    public static BufferedImage template(TrayState.Icon state, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float u = size / 16f;
        g.setColor(new Color(0, 0, 0, state == TrayState.Icon.NOT_RUNNING ? 110 : 255));
        Area folder = new Area(new RoundRectangle2D.Float(1 * u, 2 * u, 6 * u, 3 * u,
                2 * u, 2 * u));
        folder.add(new Area(new RoundRectangle2D.Float(1 * u, 3.5f * u, 14 * u, 10 * u, 2 * u, 2 * u)));
        g.fill(folder); // one shape: a faint folder has no darker overlap
        g.setComposite(AlphaComposite.Clear); // a ring cut out of the folder sets the badge apart
        g.fillOval(Math.round(7.5f * u), Math.round(6.5f * u), Math.round(9 * u), Math.round(9 * u));
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(1f, 1.5f * u), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        if (state == TrayState.Icon.SHARING) {
            g.fillOval(Math.round(9 * u), Math.round(8 * u), Math.round(6 * u), Math.round(6 * u));
        } else if (state == TrayState.Icon.PAUSED) {
            g.fill(new RoundRectangle2D.Float(9.5f * u, 8 * u, 2 * u, 6 * u, u, u));
            g.fill(new RoundRectangle2D.Float(12.5f * u, 8 * u, 2 * u, 6 * u, u, u));
        } else {
            g.drawLine(Math.round(10 * u), Math.round(9 * u), Math.round(14 * u), Math.round(13 * u));
            g.drawLine(Math.round(14 * u), Math.round(9 * u), Math.round(10 * u), Math.round(13 * u));
        }
        g.dispose();
        return img;
    }
}
