package dev.hearth.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.hearth.config.HearthConfig;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An import's lines, in order: the members sent inline, or a JSON Lines file read whole (a line a
 * member; 100,000 members are about 20 MB) from S3 or, in a local run, from this machine.
 */
@ApplicationScoped
public class ImportSources {

    // The S3 client is built on first use only: no other function, and no inline import, needs it.
    private final Instance<S3Client> s3;
    private final boolean filesAllowed;

    public ImportSources(Instance<S3Client> s3, HearthConfig config) {
        this.s3 = s3;
        this.filesAllowed = config.importMembers().filesAllowed();
    }

    List<String> lines(ImportEvent event) {
        if (event.members() != null) {
            List<String> lines = new ArrayList<>();
            event.members().forEach(member -> lines.add(member.toString()));
            return lines;
        }
        ImportEvent.Source source = event.source();
        String text;
        if (source.file() != null) {
            if (!filesAllowed) {
                throw HearthException.invalid("source.file", "a local file is read in a local run only; "
                        + "in the cloud give source.bucket and source.key");
            }
            try {
                text = Files.readString(Path.of(source.file()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new HearthException(ErrorCode.SOURCE_NOT_FOUND, "source.file", "cannot read " + source.file()
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            try {
                text = s3.get().getObjectAsBytes(r -> r.bucket(source.bucket()).key(source.key())).asUtf8String();
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                throw new HearthException(ErrorCode.SOURCE_NOT_FOUND, "source.key", "no object " + source.key()
                        + " in bucket " + source.bucket());
            }
        }
        // A last line break ends the last line; it does not start another.
        return List.of(text.split("\r?\n"));
    }
}
