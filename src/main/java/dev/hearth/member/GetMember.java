package dev.hearth.member;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;

/** get-member: where a member stands, and page by page everything Hearth holds about them (see {@link ShowMember}). */
@Answered
public class GetMember {

    private final Programs programs;
    private final ShowMember show;
    private final Clock clock;

    public GetMember(Programs programs, ShowMember show, Clock clock) {
        this.programs = programs;
        this.show = show;
        this.clock = clock;
    }

    @Funq("get-member")
    public MemberView get(JsonNode event) {
        MemberEvent read = MemberEvent.read(event);
        return show.show(programs.require(read.programId()), read.memberId(), read.ledgerCursor(), clock.instant());
    }
}
