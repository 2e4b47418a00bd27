package dev.hearth.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one envelope of every event Hearth announces. {@code eventId} is unique by construction: the
 * type, program, member and the event's subject (what makes it happen at most once: the perk and its
 * delivery time, the member version a tier change wrote, the erasure's requestId), each part escaped,
 * so consumers drop repeats of the at-least-once delivery by it alone. {@code detail} holds only
 * strings, numbers, booleans, nulls, lists and maps (it is written as JSON).
 */
public record HearthEvent(String eventId, String type, int version, Instant occurredAt, String programId,
        String memberId, Map<String, Object> detail) {

    public static HearthEvent of(EventType type, String programId, String memberId, List<String> subject,
            Instant occurredAt, Map<String, Object> detail) {
        StringBuilder eventId = new StringBuilder(type.typeName()).append('/').append(part(programId)).append('/')
                .append(part(memberId));
        subject.forEach(s -> eventId.append('/').append(part(s)));
        return new HearthEvent(eventId.toString(), type.typeName(), type.version(), occurredAt, programId, memberId, detail);
    }

    /** The envelope as consumers receive it (the bus event's detail; the local outbox route's items). */
    public Map<String, Object> envelope() {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", eventId);
        envelope.put("type", type);
        envelope.put("version", version);
        envelope.put("occurredAt", occurredAt.toString());
        envelope.put("programId", programId);
        envelope.put("memberId", memberId);
        envelope.put("detail", detail);
        return envelope;
    }

    /** An id as one part of a composite key: '%', '/' and '#' percent-encoded, so that joining parts is injective. */
    public static String part(String id) {
        return id.replace("%", "%25").replace("/", "%2F").replace("#", "%23");
    }
}
