package dev.lanshare.tray.swing;

import dev.lanshare.tray.LiveService;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;

/** Running test code on the Swing thread, finding components, and clicking them as a person would. */
final class Edt {
    private Edt() {
    }

    static <T> T call(Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    static void run(Runnable work) throws Exception {
        SwingUtilities.invokeAndWait(work);
    }

    /** The component named {@code name} below {@code root}; on the Swing thread. */
    static Optional<Component> find(Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName())) {
                return Optional.of(c);
            }
            if (c instanceof Container inner) {
                Optional<Component> found = find(inner, name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The centre of {@code c} on the screen. */
    static Point centre(Component c) throws Exception {
        return call(() -> {
            Point p = c.getLocationOnScreen();
            return new Point(p.x + c.getWidth() / 2, p.y + c.getHeight() / 2);
        });
    }

    /** A real mouse click at {@code at} on the screen, through the X server. */
    static void click(Point at) throws Exception {
        clicks(at, 1);
    }

    /**
     * Clicks ({@code count} times) at {@code at} until {@code done} holds, waiting up to 10 s after each try. The
     * X server of the tests has, once, dropped a click on a busy machine; a click it drops is made again (3 tries),
     * and what was on the screen is told when none took.
     */
    static void clickUntil(Point at, int count, Callable<Boolean> done) throws Exception {
        awaitPainted(at);
        clickTries(at, count, done);
    }

    /**
     * As {@link #clickUntil(Point, int, Callable)}, for a button: when the X server never shows the button's window
     * (twice in CI runs, a modal dialog that Swing reported showing and focused stayed black: never painted, and
     * clicks went through it), the button is pressed through Swing instead, and the test's output says so.
     */
    static void clickUntil(javax.swing.AbstractButton button, Callable<Boolean> done) throws Exception {
        Point at = centre(button);
        if (awaitPainted(at)) {
            clickTries(at, 1, done);
            return;
        }
        System.err.println("the X server shows nothing at " + at + "; pressing \"" + call(button::getText)
                + "\" through Swing");
        run(button::doClick);
        if (!LiveService.within(10_000_000_000L, () -> call(done))) {
            throw new AssertionError("pressing \"" + call(button::getText) + "\" had no effect; " + screen());
        }
    }

    private static void clickTries(Point at, int count, Callable<Boolean> done) throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            clicks(at, count);
            if (LiveService.within(10_000_000_000L, () -> call(done))) {
                return;
            }
            System.err.println("click " + attempt + " at " + at + " had no effect; " + screen());
        }
        throw new AssertionError("3 clicks at " + at + " had no effect; " + screen());
    }

    /**
     * Waits (up to 10 s) until the X server shows something other than black around {@code at}. A window Swing
     * reports showing may not be painted yet on a busy machine: one run's screenshot of a dialog was all black,
     * and the clicks aimed at its button had no effect. Says whether something showed; {@link
     * #clickUntil(Point, int, Callable)} clicks all the same.
     */
    static boolean awaitPainted(Point at) throws Exception {
        Robot robot = new Robot();
        java.awt.Rectangle around = new java.awt.Rectangle(at.x - 10, at.y - 10, 21, 21);
        boolean painted = LiveService.within(10_000_000_000L, () -> {
            java.awt.image.BufferedImage image = robot.createScreenCapture(around);
            for (int x = 0; x < image.getWidth(); x++) {
                for (int y = 0; y < image.getHeight(); y++) {
                    if ((image.getRGB(x, y) & 0xffffff) != 0) {
                        return true;
                    }
                }
            }
            return false;
        });
        if (!painted) {
            System.err.println("nothing painted around " + at + " after 10 s; " + screen());
        }
        return painted;
    }

    /** Where the pointer is and which windows show, for a failure's message. */
    static String screen() throws Exception {
        java.awt.PointerInfo pointer = java.awt.MouseInfo.getPointerInfo();
        return "pointer at " + (pointer == null ? "?" : pointer.getLocation()) + ", showing: " + call(() ->
                java.util.Arrays.stream(java.awt.Window.getWindows()).filter(java.awt.Window::isShowing)
                        .map(w -> w.getClass().getSimpleName() + " \"" + title(w) + "\" " + w.getBounds()
                                + (w.isFocused() ? " focused" : ""))
                        .toList());
    }

    /**
     * Disposes every window a test left showing: a modal dialog left by a failed test would otherwise block the
     * clicks of every test after it.
     */
    static void closeLeftovers() throws Exception {
        run(() -> {
            for (java.awt.Window w : java.awt.Window.getWindows()) {
                if (w.isShowing()) {
                    w.dispose();
                }
            }
        });
    }

    private static String title(java.awt.Window w) {
        return w instanceof java.awt.Dialog d ? d.getTitle() : w instanceof java.awt.Frame f ? f.getTitle() : "";
    }

    private static void clicks(Point at, int count) throws Exception {
        Robot robot = new Robot();
        robot.setAutoDelay(30);
        robot.mouseMove(at.x, at.y);
        for (int i = 0; i < count; i++) {
            robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
            robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        }
        robot.waitForIdle();
    }

    /** Lets pending layout and painting finish before a screenshot. */
    static void settle() throws Exception {
        new Robot().waitForIdle();
        Thread.sleep(300);
        new Robot().waitForIdle();
    }
}
