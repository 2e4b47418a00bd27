package dev.hearth.member;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * erase-member (operators only: a person's request for erasure reaches the brand, not the
 * storefront): the member's personal data is removed everywhere Hearth holds it, exactly once per
 * requestId; their amounts stay, so program totals and past snapshots do not change.
 */
@Answered
public class EraseMember {

    private final Programs programs;
    private final ForgetMember forget;
    private final Clock clock;

    public EraseMember(Programs programs, ForgetMember forget, Clock clock) {
        this.programs = programs;
        this.forget = forget;
        this.clock = clock;
    }

    /** What erase-member answers: the erasure, what it removed, and whether it had been done before. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Erasure(String programId, String memberId, String requestId, String reason, String erasedAt,
            boolean complete, Map<String, Long> removed, boolean duplicate) {
    }

    @Funq("erase-member")
    public Erasure erase(JsonNode json) {
        EraseEvent event = EraseEvent.read(json);
        ForgetMember.Forgotten done = forget.forget(programs.require(event.programId()), event.memberId(),
                event.requestId(), event.reason(), clock.instant());
        var e = done.erasure();
        return new Erasure(event.programId(), event.memberId(), e.requestId(), e.reason(), e.at().toString(),
                e.complete(), e.counts(), done.duplicate());
    }
}
