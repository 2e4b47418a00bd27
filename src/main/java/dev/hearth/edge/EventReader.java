package dev.hearth.edge;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one function's JSON event field by field. Functions take the raw JSON tree rather than a
 * bound class so that a wrong type, an unknown field or an oversized string is answered with an
 * error naming the field, instead of a Jackson stack trace.
 */
public final class EventReader {

    private static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final JsonNode event;
    /** "perk." for the fields of a nested object, so that errors name the field in full. */
    private final String prefix;

    private EventReader(JsonNode event, String prefix) {
        this.event = event;
        this.prefix = prefix;
    }

    private String name(String field) {
        return prefix + field;
    }

    /** Rejects a missing or non-object event and any field the function does not know. */
    static EventReader of(JsonNode event, String function, String... allowed) {
        if (event == null || event.isNull() || event.isMissingNode()) {
            throw new HearthException(ErrorCode.MISSING_EVENT, null, function + " needs a JSON object event");
        }
        if (!event.isObject()) {
            throw new HearthException(ErrorCode.INVALID_EVENT, null, function + " needs a JSON object event, got " + kind(event));
        }
        Set<String> known = Set.of(allowed);
        for (Iterator<String> names = event.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new HearthException(ErrorCode.UNKNOWN_FIELD, name, "is not a field of " + function
                        + " (expected one of " + String.join(", ", allowed) + ")");
            }
        }
        return new EventReader(event, "");
    }

    private JsonNode present(String field) {
        JsonNode node = event.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** A required nested object, read with the same rules; its errors name {@code field.name}. */
    private EventReader object(String field, String... allowed) {
        JsonNode node = present(field);
        if (node == null) {
            throw HearthException.missing(name(field));
        }
        if (!node.isObject()) {
            throw HearthException.invalid(name(field), "must be an object, got " + kind(node));
        }
        Set<String> known = Set.of(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String child = names.next();
            if (!known.contains(child)) {
                throw new HearthException(ErrorCode.UNKNOWN_FIELD, name(field) + "." + child, "is not a field of "
                        + name(field) + " (expected one of " + String.join(", ", allowed) + ")");
            }
        }
        return new EventReader(node, name(field) + ".");
    }

    /** Whether the field is the string {@code value}. */
    private boolean hasText(String field, String value) {
        JsonNode node = present(field);
        return node != null && node.isTextual() && node.textValue().equals(value);
    }

    private boolean has(String field) {
        return present(field) != null;
    }

    /**
     * An identifier, kept exactly as sent (never trimmed): 1 to 128 characters, none of them white
     * space (as the API document's {@code \S} reads it: NBSP and the BOM included), a control
     * character or half of a surrogate pair.
     */
    private String requiredId(String field) {
        String id = optionalId(field);
        if (id == null) {
            throw HearthException.missing(name(field));
        }
        return id;
    }

    private String optionalId(String field) {
        String value = rawText(field);
        if (value == null) {
            return null;
        }
        checkSurrogates(name(field), value);
        checkNotBlankNorLonger(name(field), value, Field.MAX_ID_LENGTH);
        if (value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0xFEFF
                || Character.isISOControl(c))) {
            throw HearthException.invalid(name(field), "must not contain white space or control characters");
        }
        return value;
    }

    /** The field's string as sent; null if absent; a value of another type is rejected. */
    private String rawText(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw HearthException.invalid(name(field), "must be a string, got " + kind(node));
        }
        return node.textValue();
    }

    /** Non-empty and at most {@code maxLength} characters, counted in code points (a Chinese name is not penalised). */
    private static void checkNotBlankNorLonger(String field, String value, int maxLength) {
        if (value.isEmpty()) {
            throw HearthException.invalid(field, "must not be blank");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw HearthException.invalid(field, "must be at most " + maxLength + " characters, got " + length);
        }
    }

    /** Text that is not well-formed UTF-16 would be stored as '?' and make different values the same. */
    private static void checkSurrogates(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw HearthException.invalid(field, "must not contain an unpaired surrogate (\\u"
                        + Integer.toHexString(c) + ")");
            }
        }
    }

    private String requiredText(String field, int maxLength) {
        String value = optionalText(field, maxLength);
        if (value == null) {
            throw HearthException.missing(name(field));
        }
        return value;
    }

    /** Any Unicode text, measured in code points so that a Chinese name is not penalised. */
    private String optionalText(String field, int maxLength) {
        String raw = rawText(field);
        return raw == null ? null : checkedText(name(field), raw, maxLength);
    }

    private static String checkedText(String field, String raw, int maxLength) {
        checkSurrogates(field, raw);
        String value = raw.strip();
        checkNotBlankNorLonger(field, value, maxLength);
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw HearthException.invalid(field, "must not contain control characters");
        }
        return value;
    }

    /** A list of distinct strings, in the order given. */
    private List<String> optionalTextList(String field, int maxItems, int maxLength) {
        JsonNode node = present(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw HearthException.invalid(name(field), "must be an array of strings, got " + kind(node));
        }
        if (node.size() > maxItems) {
            throw HearthException.invalid(name(field), "must have at most " + maxItems + " entries, got " + node.size());
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemField = name(field) + "[" + i + "]";
            if (item == null || !item.isTextual()) {
                throw HearthException.invalid(itemField, "must be a string, got " + kind(item));
            }
            values.add(checkedText(itemField, item.textValue(), maxLength));
        }
        return new ArrayList<>(values);
    }

    private Long optionalWholeNumber(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw HearthException.invalid(name(field), "must be a whole number, got " + kind(node));
        }
        if (!node.canConvertToLong()) {
            throw HearthException.invalid(name(field), "is too large");
        }
        return node.longValue();
    }

    private <E extends Enum<E>> E requiredEnum(String field, java.util.EnumSet<E> allowed) {
        JsonNode node = present(field);
        if (node == null) {
            throw HearthException.missing(name(field));
        }
        if (!node.isTextual()) {
            throw HearthException.invalid(name(field), "must be a string, got " + kind(node));
        }
        List<String> names = new ArrayList<>();
        for (E constant : allowed) {
            if (constant.name().equals(node.textValue())) {
                return constant;
            }
            names.add(constant.name());
        }
        throw HearthException.invalid(name(field), "must be one of " + String.join(", ", names) + ", got \""
                + abbreviate(node.textValue()) + "\"");
    }

    /** An ISO-8601 instant not before 2000 (earlier is a typo, not a date this product knows); null if absent. */
    private Instant optionalInstant(String field) {
        String text = optionalText(field, 64);
        if (text == null) {
            return null;
        }
        Instant value;
        try {
            value = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw HearthException.invalid(name(field), "must be an ISO-8601 instant such as 2026-11-23T08:30:00Z");
        }
        if (value.isBefore(EARLIEST)) {
            throw HearthException.invalid(name(field), "must not be before " + EARLIEST);
        }
        return value;
    }

    /** An instant that is not in the future (5 minutes of clock skew allowed) nor before 2000; null if absent. */
    private Instant optionalPastInstant(String field, Instant now) {
        Instant value = optionalInstant(field);
        if (value == null) {
            return null;
        }
        if (value.isAfter(now.plus(CLOCK_SKEW))) {
            throw HearthException.invalid(name(field), "is in the future (" + value + " is after " + now + ")");
        }
        return value;
    }

    /** A local date (yyyy-mm-dd) from 2000 on, and not after {@code latest} if given; null if absent. */
    private LocalDate optionalDate(String field, LocalDate latest) {
        String text = optionalText(field, 10);
        if (text == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw HearthException.invalid(name(field), "must be a local date such as 2026-11-22");
        }
        if (latest != null && date.isAfter(latest)) {
            throw HearthException.invalid(name(field), "is in the future (today is " + latest
                    + " in the program's time zone)");
        }
        if (date.isBefore(LocalDate.of(2000, 1, 1))) {
            throw HearthException.invalid(name(field), "must not be before 2000-01-01");
        }
        return date;
    }

    /** Rejects a field that has no meaning in this request. */
    private void reject(String field, String why) {
        if (has(field)) {
            throw HearthException.invalid(name(field), why);
        }
    }

    // --- The same readings by a field's declaration (its name and limits written once, in the Field).

    /** A required JSON object read by its own rules (a {@link Field.Kind#DOCUMENT}). */
    public JsonNode document(Field field) {
        JsonNode node = present(field.name());
        if (node == null) {
            throw HearthException.missing(name(field.name()));
        }
        if (!node.isObject()) {
            throw HearthException.invalid(name(field.name()), "must be an object, got " + kind(node));
        }
        return node;
    }

    /** A required nested object of the declared fields; its errors name {@code field.name}. */
    public EventReader object(Field field) {
        return object(field.name(), Field.names(field.fields()));
    }

    public String requiredId(Field field) {
        return requiredId(field.name());
    }

    public String optionalId(Field field) {
        return optionalId(field.name());
    }

    public String requiredText(Field field) {
        return requiredText(field.name(), (int) field.maximum());
    }

    public String optionalText(Field field) {
        return optionalText(field.name(), (int) field.maximum());
    }

    public List<String> optionalTextList(Field field) {
        return optionalTextList(field.name(), (int) field.maximum(), (int) field.itemMaximum());
    }

    public Long optionalWholeNumber(Field field) {
        return optionalWholeNumber(field.name());
    }

    /** A whole number within the field's range, or null if absent ({@code must be from MIN to MAX}). */
    public Long optionalNumberInRange(Field field) {
        return inRange(field, optionalWholeNumber(field.name()));
    }

    /** {@code value} (read from {@code field} before), if within the field's range; null stays null. */
    public Long inRange(Field field, Long value) {
        if (value != null && (value < field.minimum() || value > field.maximum())) {
            throw HearthException.invalid(name(field.name()), "must be from " + field.minimum() + " to " + field.maximum());
        }
        return value;
    }

    /** Whether the field is the string {@code value}. */
    public boolean hasText(Field field, String value) {
        return hasText(field.name(), value);
    }

    public <E extends Enum<E>> E requiredEnum(Field field, java.util.EnumSet<E> allowed) {
        return requiredEnum(field.name(), allowed);
    }

    /** A boolean; false if absent. */
    public boolean optionalBoolean(Field field) {
        JsonNode node = present(field.name());
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw HearthException.invalid(name(field.name()), "must be true or false, got " + kind(node));
        }
        return node.booleanValue();
    }

    public Instant optionalInstant(Field field) {
        return optionalInstant(field.name());
    }

    public Instant optionalPastInstant(Field field, Instant now) {
        return optionalPastInstant(field.name(), now);
    }

    public LocalDate optionalDate(Field field, LocalDate latest) {
        return optionalDate(field.name(), latest);
    }

    public boolean has(Field field) {
        return has(field.name());
    }

    public void reject(Field field, String why) {
        reject(field.name(), why);
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "a whole number";
        }
        if (node.isNumber()) {
            return "a decimal number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
