package dev.lanshare.tray.swing;

import dev.lanshare.tray.model.TrayState;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The tray icon, drawn at any size so it is sharp in every tray: a folder with a sharing dot; green while
 * sharing, amber with a pause bar while paused, grey with a cross when the service is not running.
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
}
