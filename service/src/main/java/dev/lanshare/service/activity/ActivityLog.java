package dev.lanshare.service.activity;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.lanshare.config.AtomicFiles;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * What happened to this machine's shares, one line per event, for the owner to read: sessions opened and closed,
 * files read, written, created, removed and renamed. Rotated at 10 MB, five old files kept.
 *
 * <p>Line format: {@code TIMESTAMP EVENT key=value ...}; values with spaces are quoted.
 */
public final class ActivityLog implements Closeable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Logger logger;
    private final RollingFileAppender<ILoggingEvent> appender;

    private ActivityLog(Logger logger, RollingFileAppender<ILoggingEvent> appender) {
        this.logger = logger;
        this.appender = appender;
    }

    public static ActivityLog open(Path file) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new OwnerOnlyAppender();
        appender.setContext(ctx);
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(5);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();

        Logger logger = ctx.getLogger("lanshare.activity." + INSTANCES.incrementAndGet());
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(appender);
        return new ActivityLog(logger, appender);
    }

    /**
     * Makes each log file readable by its owner alone before it is written: the first one, and the new one after
     * each rotation, which logback would make with the process's default mode (seen: {@code activity.log.4} as
     * {@code rw-r--r--} beside the others' {@code rw-------}, from a rotation after the service had started).
     */
    private static final class OwnerOnlyAppender extends RollingFileAppender<ILoggingEvent> {
        @Override
        public void openFile(String name) throws java.io.IOException {
            try {
                AtomicFiles.createPrivate(Path.of(name));
            } catch (java.io.IOException e) {
                // the state folder is owner-only already
            }
            super.openFile(name);
        }
    }

    /** Records {@code event} with alternating keys and values: {@code record("read", "path", "/Plans/a")}. */
    public void record(String event, Object... keyValues) {
        StringBuilder sb = new StringBuilder(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(keyValues[i + 1])));
        }
        logger.info(sb.toString());
    }

    private static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c < 0x20)) {
            return value;
        }
        StringBuilder sb = new StringBuilder("\"");
        value.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        });
        return sb.append('"').toString();
    }

    /** Rotates now, as reaching the size does (for checks). */
    void rotate() {
        appender.rollover();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
