package dev.hearth.edge;

import java.util.List;

/**
 * A function's event as data: the function's name and every field it accepts. {@link EventReader}
 * rejects any other field; the API document's request schema must list exactly these fields with
 * these limits (EventShapesTest).
 */
public record EventShape(String function, List<Field> fields) {

    public static EventShape of(String function, Field... fields) {
        return new EventShape(function, List.of(fields));
    }

    /** Reads an event of this shape: a JSON object with none but these fields. */
    public EventReader read(com.fasterxml.jackson.databind.JsonNode event) {
        return EventReader.of(event, function, Field.names(fields));
    }
}
