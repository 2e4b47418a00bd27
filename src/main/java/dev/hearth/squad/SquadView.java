package dev.hearth.squad;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A squad as operators see it: what it is and how alive it is today. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SquadView(String programId, String squadId, String name, String theme, String leaderId, String status,
        String createdAt, String archivedAt, Health health, Boolean duplicate) {

    /** {@link SquadHealth} as JSON. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(long members, long activeToday, long activeInSevenDays, String lastActivityDay,
            long silentDays, String status) {
    }

    /** A page of squads; cursor: send it back for the next page (absent at the end). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(String programId, List<SquadView> squads, String cursor) {
    }

    public static SquadView of(Squad s, SquadHealth h, Boolean duplicate) {
        return new SquadView(s.programId(), s.squadId(), s.name(), s.theme(), s.leaderId(), s.status().name(),
                s.createdAt().toString(), s.archivedAt() == null ? null : s.archivedAt().toString(),
                new Health(h.members(), h.activeToday(), h.activeInSevenDays(),
                        h.lastActivityDay() == null ? null : h.lastActivityDay().toString(), h.silentDays(),
                        h.status().name()),
                duplicate);
    }
}
