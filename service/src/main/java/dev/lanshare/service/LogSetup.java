package dev.lanshare.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import org.slf4j.Marker;

/**
 * The service's log, set up in code (logback finds this through its service loader): to stderr, which journald
 * keeps under systemd, as {@code HH:mm:ss.SSS LEVEL Logger: message}; MINA at WARN, lanshare at INFO. Reading and
 * interpreting an XML configuration took about 0.35 s of every start on a 2-core machine. A configuration file
 * given with {@code -Dlogback.configurationFile}, or a {@code logback-test.xml}, still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("org.apache.sshd").setLevel(Level.WARN);
        // MINA's client side (copies, searches, host-key reads): what its failures mean is said in lanshare's own
        // words, once (a peer that stops mid-copy is "lost the connection"), not in its warnings on the way
        context.getLogger("org.apache.sshd.client").setLevel(Level.ERROR);
        context.getLogger("org.apache.sshd.sftp.client").setLevel(Level.ERROR);
        context.getLogger("dev.lanshare").setLevel(Level.INFO);
        context.addTurboFilter(new ClientGone());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Drops what MINA logs when a client goes away (a killed sftp, a laptop closed mid-copy, lanshare's own
     * host-key probe closing as soon as it has the key): its warning that the connection was reset or the pipe
     * broken, its warning that replies were still unsent on the closing channel, and the error with which the reply
     * stream hands the failure on to the writes waiting behind it. The SFTP subsystem says it once, in one line at
     * info level, naming the account and address; other I/O errors are still logged.
     */
    static final class ClientGone extends TurboFilter {
        private static final Set<String> GONE = Set.of("Connection reset", "Connection reset by peer", "Broken pipe");

        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                Throwable t) {
            if (format == null || !logger.getName().startsWith("org.apache.sshd.")
                    && !logger.getName().startsWith("dev.lanshare.service.sftp.InlineSftpSubsystem$")) {
                return FilterReply.NEUTRAL;
            }
            if (level == Level.WARN && format.startsWith("doCloseImmediately(")
                    && format.contains("on closing channel")
                    || level == Level.WARN && format.startsWith("onExit(") && format.contains("closing shell")
                    || level == Level.ERROR && format.startsWith("startWriting(")
                    && format.contains("propagate to")) {
                return FilterReply.DENY;
            }
            if (level != Level.WARN || params == null || !format.startsWith("exceptionCaught(")) {
                return FilterReply.NEUTRAL;
            }
            boolean io = false;
            boolean gone = false;
            for (Object p : params) {
                io |= "IOException".equals(p);
                gone |= p instanceof String s && GONE.contains(s);
            }
            return io && gone ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
