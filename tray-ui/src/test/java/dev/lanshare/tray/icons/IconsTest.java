package dev.lanshare.tray.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.tray.model.TrayState;
import dev.lanshare.tray.swing.Xvfb;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.MultiResolutionImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tray icons on each system, and a sheet of them (target/screenshots/icons.png) to look at. */
class IconsTest {
    @BeforeAll
    static void display() throws Exception {
        Xvfb.ensure(); // drawing starts AWT, which the build points at its own X server
    }

    @Test
    void macOsGetsTemplateImagesBlackWithAlphaOnlyEachStateItsOwnShape() {
        for (TrayState.Icon state : TrayState.Icon.values()) {
            for (int size : Icons.MAC_SIZES) {
                BufferedImage t = Icons.template(state, size);
                int visible = 0;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int argb = t.getRGB(x, y);
                        if (argb >>> 24 != 0) {
                            visible++;
                            assertEquals(0, argb & 0xFFFFFF, state + " " + size + " has colour at " + x + "," + y);
                        }
                    }
                }
                assertTrue(visible > size * size / 4, state + " " + size + " is mostly empty");
            }
        }
        List<int[]> shapes = Arrays.stream(TrayState.Icon.values())
                .map(s -> Icons.template(s, 22).getRGB(0, 0, 22, 22, null, 0, 22)).toList();
        assertFalse(Arrays.equals(shapes.get(0), shapes.get(1)) || Arrays.equals(shapes.get(1), shapes.get(2))
                || Arrays.equals(shapes.get(0), shapes.get(2)), "the states differ in shape");
        MultiResolutionImage mac = assertInstanceOf(MultiResolutionImage.class,
                Icons.forTray(TrayState.Icon.SHARING, "Mac OS X", 22));
        assertEquals(List.of(16, 22, 32, 44), widths(mac));
    }

    @Test
    void windowsGetsEverySizeItsNotificationAreaUses() {
        MultiResolutionImage win = assertInstanceOf(MultiResolutionImage.class,
                Icons.forTray(TrayState.Icon.PAUSED, "Windows 11", 16));
        assertEquals(List.of(16, 20, 24, 32), widths(win));
        assertEquals(24, win.getResolutionVariant(24, 24).getWidth(null), "150%: drawn at 24 px, not scaled");
        BufferedImage linux = assertInstanceOf(BufferedImage.class, Icons.forTray(TrayState.Icon.PAUSED, "Linux", 22));
        assertEquals(22, linux.getWidth());
    }

    /** Colour icons on a light and a dark panel; templates tinted as macOS does (black on light, white on dark). */
    @Test
    void sheetToLookAt() throws Exception {
        int cell = 56;
        BufferedImage sheet = new BufferedImage(cell * 8, cell * 6, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(new Color(0xF2F2F2));
        g.fillRect(0, 0, cell * 8, cell * 3);
        g.setColor(new Color(0x2B2B2B));
        g.fillRect(0, cell * 3, cell * 8, cell * 3);
        List<Integer> sizes = List.of(16, 20, 22, 24, 32, 48);
        for (TrayState.Icon state : TrayState.Icon.values()) {
            int row = state.ordinal();
            for (int i = 0; i < sizes.size(); i++) {
                int s = sizes.get(i);
                g.drawImage(Icons.icon(state, s), i * cell + (cell - s) / 2, row * cell + (cell - s) / 2, null);
                g.drawImage(Icons.icon(state, s), i * cell + (cell - s) / 2, (row + 3) * cell + (cell - s) / 2, null);
            }
            g.drawImage(tinted(Icons.template(state, 44), Color.BLACK), 6 * cell + 6, row * cell + 6, null);
            g.drawImage(tinted(Icons.template(state, 44), Color.WHITE), 6 * cell + 6, (row + 3) * cell + 6, null);
            g.drawImage(tinted(Icons.template(state, 22), Color.BLACK), 7 * cell + 17, row * cell + 17, null);
            g.drawImage(tinted(Icons.template(state, 22), Color.WHITE), 7 * cell + 17, (row + 3) * cell + 17, null);
        }
        g.dispose();
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        ImageIO.write(sheet, "png", dir.resolve("icons.png").toFile());
    }

    private static BufferedImage tinted(BufferedImage template, Color colour) {
        BufferedImage out = new BufferedImage(template.getWidth(), template.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < template.getHeight(); y++) {
            for (int x = 0; x < template.getWidth(); x++) {
                out.setRGB(x, y, (template.getRGB(x, y) & 0xFF000000) | (colour.getRGB() & 0xFFFFFF));
            }
        }
        return out;
    }

    private static List<Integer> widths(MultiResolutionImage image) {
        return image.getResolutionVariants().stream().map(i -> i.getWidth(null)).toList();
    }
}
