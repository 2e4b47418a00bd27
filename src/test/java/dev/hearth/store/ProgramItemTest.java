package dev.hearth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hearth.member.ActivityType;
import dev.hearth.member.Counter;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.EarningRules;
import dev.hearth.program.Program;
import dev.hearth.program.Tier;

/** Program rules survive the trip through a DynamoDB item unchanged: what operators store is what runs. */
class ProgramItemTest {

    @Test
    void theDefaultProgramRoundTrips() {
        Program program = DefaultProgram.create();
        assertEquals(program, ProgramTable.fromItem(ProgramTable.toItem(program)));
    }

    @Test
    void anyLadderAndEarningRoundTrip() {
        Program program = new Program("tea-club", "Tea club", ZoneId.of("Europe/Paris"), "EUR",
                List.of(new Tier("GUEST", "Guest", "访客", Map.of(), List.of()),
                        new Tier("REGULAR", "Regular", "常客", Map.of(Counter.EVENTS, 2L, Counter.CONNECTIONS, 5L),
                                List.of("tasting seat"))),
                new EarningRules(3, Map.of(ActivityType.CHECK_IN, 7L), Map.of(ActivityType.FEEDBACK, 2)), 7, 0);
        assertEquals(program, ProgramTable.fromItem(ProgramTable.toItem(program)));
    }
}
