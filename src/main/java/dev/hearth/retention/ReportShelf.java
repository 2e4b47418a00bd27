package dev.hearth.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.hearth.config.HearthConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the daily reports are kept: the report bucket in the cloud (private, encrypted; the stack
 * sets HEARTH_REPORTS_BUCKET), a directory in a local run and in tests. A report is one object,
 * {@code <programId>/<date>.html} (the program id URL-encoded), replaced when its day is re-run.
 */
@ApplicationScoped
public class ReportShelf {

    // The S3 client is built on first use only: functions that never shelve a report do not pay for it.
    private final Instance<S3Client> s3;
    private final Optional<String> bucket;
    private final Optional<String> directory;

    @Inject
    public ReportShelf(Instance<S3Client> s3, HearthConfig config) {
        this(s3, config.reports().bucket(), config.reports().directory());
    }

    private ReportShelf(Instance<S3Client> s3, Optional<String> bucket, Optional<String> directory) {
        this.s3 = s3;
        this.bucket = bucket;
        this.directory = directory;
    }

    /** A shelf that keeps nothing (the benchmark measures the snapshot alone). */
    public static ReportShelf none() {
        return new ReportShelf(null, Optional.empty(), Optional.empty());
    }

    /** Whether reports are kept at all (a function with neither setting computes snapshots only). */
    public boolean open() {
        return bucket.isPresent() || directory.isPresent();
    }

    public static String key(String programId, LocalDate date) {
        return URLEncoder.encode(programId, StandardCharsets.UTF_8) + "/" + date + ".html";
    }

    void put(String programId, LocalDate date, String page) {
        String key = key(programId, date);
        bucket.ifPresent(name -> s3.get().putObject(r -> r.bucket(name).key(key)
                .contentType("text/html; charset=utf-8"), RequestBody.fromString(page, StandardCharsets.UTF_8)));
        directory.ifPresent(dir -> {
            try {
                Path file = Path.of(dir).resolve(key);
                Files.createDirectories(file.getParent());
                Files.writeString(file, page, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the report " + key, e);
            }
        });
    }
}
