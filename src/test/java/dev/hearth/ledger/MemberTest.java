package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.hearth.program.Counter;
import dev.hearth.program.DefaultProgram;

class MemberTest {

    /** The KOC ranking's measure: every activity counts once; spend, connections and the first week do not. */
    @Test
    void aMembersActivityCountIsEveryActivityTheyDidAndNothingElse() {
        Member m = Members.joined(DefaultProgram.create(), "m");
        m.add(Counter.PURCHASES, 2);
        m.add(Counter.QUALITY_POSTS, 3);
        m.add(Counter.REFERRALS, 1);
        m.add(Counter.EVENTS, 1);
        m.add(Counter.FEEDBACKS, 1);
        m.add(Counter.CHECK_INS, 4);
        m.add(Counter.INTERACTIONS, 5);
        m.add(Counter.SPEND_FEN, 99_900);
        m.add(Counter.CONNECTIONS, 7);
        assertEquals(17, m.activityCount());
    }
}
