package dev.hearth.imports;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;

/**
 * import-members' event: the program, the import's id (once per import: sending it again continues
 * it), where the members are (an S3 object, a local file, or inline), whether they get a welcome.
 */
public record ImportEvent(String programId, String importId, Source source, JsonNode members, boolean welcome,
        Long limit) {

    /** Where the JSON Lines are: {@code bucket} and {@code key} in S3, or a local {@code file}. */
    public record Source(String bucket, String key, String file) {

        /** How the job names its source (the same source gives the same text). */
        String text() {
            return file != null ? "file:" + file : "s3://" + bucket + "/" + key;
        }
    }

    /** The most members sent inline (the console's and the local run's way); a file has no limit. */
    static final int MAX_INLINE = 500;
    static final long MAX_LIMIT = 1_000_000;
    static final Field PROGRAM_ID = Field.id("programId");
    static final Field IMPORT_ID = Field.id("importId");
    static final Field SOURCE = Field.object("source", Field.text("bucket", 63), Field.text("key", 1024),
            Field.text("file", 1024));
    static final Field MEMBERS = Field.document("members");
    static final Field WELCOME = Field.bool("welcome");
    static final Field LIMIT = Field.number("limit", 1, MAX_LIMIT);
    public static final EventShape SHAPE = EventShape.of("import-members", PROGRAM_ID, IMPORT_ID, SOURCE, MEMBERS,
            WELCOME, LIMIT);

    public static ImportEvent read(JsonNode json) {
        var event = SHAPE.read(json);
        String programId = event.requiredId(PROGRAM_ID);
        String importId = event.requiredId(IMPORT_ID);
        boolean welcome = event.optionalBoolean(WELCOME);
        Long limit = event.optionalNumberInRange(LIMIT);
        boolean hasSource = event.has(SOURCE);
        boolean hasMembers = event.has(MEMBERS);
        if (hasSource == hasMembers) {
            throw new HearthException(hasSource ? ErrorCode.INVALID_FIELD : ErrorCode.MISSING_FIELD, "source",
                    "give either source ({bucket, key} or {file}) or members (inline), not " + (hasSource ? "both"
                            : "neither"));
        }
        if (hasMembers) {
            JsonNode members = json.get(MEMBERS.name());
            if (!members.isArray()) {
                throw HearthException.invalid("members", "must be an array of members");
            }
            if (members.size() > MAX_INLINE) {
                throw HearthException.invalid("members", "at most " + MAX_INLINE + " members inline, got "
                        + members.size() + "; put more in a JSON Lines file (source)");
            }
            return new ImportEvent(programId, importId, null, members, welcome, limit);
        }
        var source = event.object(SOURCE);
        String bucket = source.optionalText(SOURCE.fields().get(0));
        String key = source.optionalText(SOURCE.fields().get(1));
        String file = source.optionalText(SOURCE.fields().get(2));
        if (file == null && (bucket == null || key == null)) {
            throw new HearthException(ErrorCode.MISSING_FIELD, bucket == null ? "source.bucket" : "source.key",
                    "an S3 source needs bucket and key (or, in a local run, file)");
        }
        if (file != null && (bucket != null || key != null)) {
            throw HearthException.invalid("source.file", "give either file or bucket and key, not both");
        }
        return new ImportEvent(programId, importId, new Source(bucket, key, file), null, welcome, limit);
    }
}
