package dev.hearth.function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.error.HearthException;
import dev.hearth.member.Member;
import dev.hearth.program.Program;
import dev.hearth.store.ActivityTable;
import dev.hearth.store.MemberTable;
import io.quarkus.funqy.Funq;

/** Where a member stands: profile, tier, balance, counters, progress and the latest ledger entries. */
public class GetMember {

    static final int LEDGER_LINES = 20;

    private final Programs programs;
    private final MemberTable members;
    private final ActivityTable activities;

    public GetMember(Programs programs, MemberTable members, ActivityTable activities) {
        this.programs = programs;
        this.members = members;
        this.activities = activities;
    }

    @Funq("get-member")
    public MemberView get(JsonNode event) {
        EventFields fields = EventFields.of(event, "get-member", "programId", "memberId");
        String programId = fields.requiredId("programId");
        String memberId = fields.requiredId("memberId");
        Program program = programs.require(programId);
        Member member = members.find(programId, memberId)
                .orElseThrow(() -> HearthException.memberNotFound("memberId", programId, memberId));
        return MemberView.of(program, member, activities.latest(programId, memberId, LEDGER_LINES), null);
    }
}
