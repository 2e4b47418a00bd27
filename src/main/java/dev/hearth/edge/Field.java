package dev.hearth.edge;

import java.util.List;

/**
 * One field of an event: its name, what it holds and its limits. The one place a limit is written:
 * {@link EventReader} enforces it and a test holds the API document's schema equal to it.
 *
 * @param maximum a text's or list's most characters or entries, a number's largest value
 * @param minimum a number's smallest value
 * @param itemMaximum a list's most characters per entry
 * @param values an enum's allowed values, in order
 * @param fields an object's own fields
 */
public record Field(String name, Kind kind, long minimum, long maximum, long itemMaximum, List<String> values,
        List<Field> fields) {

    /** What a field holds, as the API document's schema says it. */
    public enum Kind {
        /** An identifier kept exactly as sent (the document's Id). */
        ID,
        /** Any Unicode text, stripped. */
        TEXT,
        /** Distinct texts. */
        TEXT_LIST,
        WHOLE_NUMBER,
        ENUM,
        /** An ISO-8601 instant (the document's Instant). */
        INSTANT,
        /** A local date, yyyy-mm-dd. */
        DATE,
        OBJECT,
        /** true or false. */
        BOOLEAN,
        /** A JSON object read by its own rules (a program's document), not by declared fields. */
        DOCUMENT
    }

    /** The longest identifier, in characters. */
    public static final int MAX_ID_LENGTH = 128;

    public static Field id(String name) {
        return new Field(name, Kind.ID, 1, MAX_ID_LENGTH, 0, List.of(), List.of());
    }

    public static Field text(String name, int maxLength) {
        return new Field(name, Kind.TEXT, 1, maxLength, 0, List.of(), List.of());
    }

    public static Field texts(String name, int maxItems, int maxLength) {
        return new Field(name, Kind.TEXT_LIST, 0, maxItems, maxLength, List.of(), List.of());
    }

    public static Field number(String name, long minimum, long maximum) {
        return new Field(name, Kind.WHOLE_NUMBER, minimum, maximum, 0, List.of(), List.of());
    }

    public static <E extends Enum<E>> Field oneOf(String name, java.util.Collection<E> values) {
        return new Field(name, Kind.ENUM, 0, 0, 0, values.stream().map(Enum::name).toList(), List.of());
    }

    public static Field instant(String name) {
        return new Field(name, Kind.INSTANT, 0, 0, 0, List.of(), List.of());
    }

    public static Field date(String name) {
        return new Field(name, Kind.DATE, 0, 0, 0, List.of(), List.of());
    }

    public static Field object(String name, Field... fields) {
        return new Field(name, Kind.OBJECT, 0, 0, 0, List.of(), List.of(fields));
    }

    public static Field bool(String name) {
        return new Field(name, Kind.BOOLEAN, 0, 0, 0, List.of(), List.of());
    }

    public static Field document(String name) {
        return new Field(name, Kind.DOCUMENT, 0, 0, 0, List.of(), List.of());
    }

    /** The names of an object's fields (or an event's), in order. */
    static String[] names(List<Field> fields) {
        return fields.stream().map(Field::name).toArray(String[]::new);
    }
}
