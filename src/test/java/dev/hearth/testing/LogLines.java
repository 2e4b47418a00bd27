package dev.hearth.testing;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines one class logs while open, each as {@code <message>[ | <exception>] mdc={...}}: what
 * the stack's metric filters and a person searching the logs would find.
 */
public final class LogLines extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines(Class<?> of) {
        this.logger = Logger.getLogger(of.getName());
        logger.addHandler(this);
    }

    /** Starts keeping what {@code of} logs. */
    public static LogLines of(Class<?> of) {
        return new LogLines(of);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord line = (ExtLogRecord) record;
        lines.add(line.getFormattedMessage() + (record.getThrown() == null ? "" : " | " + record.getThrown())
                + " mdc=" + new TreeMap<>(line.getMdcCopy()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
