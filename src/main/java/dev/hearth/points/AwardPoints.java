package dev.hearth.points;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.edge.BusinessMetrics;
import dev.hearth.ledger.Activity;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Records one member activity exactly once and returns what it earned. */
@Answered
public class AwardPoints {

    /** The answer to an award; a repeated activityId gets the first answer with duplicate = true. */
    @RegisterForReflection
    public record AwardResult(String memberId, String activityId, long pointsAwarded, long pointsBalance, String tier,
            boolean tierChanged, boolean duplicate) {
    }

    private final Programs programs;
    private final AwardActivity awards;
    private final Clock clock;

    public AwardPoints(Programs programs, AwardActivity awards, Clock clock) {
        this.programs = programs;
        this.awards = awards;
        this.clock = clock;
    }

    @Funq("award-points")
    public AwardResult award(JsonNode event) {
        Instant now = clock.instant();
        AwardEvent read = AwardEvent.read(event, now);
        String programId = read.programId();
        String memberId = read.memberId();
        Activity activity = read.activity();
        Program program = programs.require(programId);
        AwardActivity.Award award = awards.award(program, memberId, activity, now);
        if (!award.duplicate()) {
            long points = award.entry().points();
            BusinessMetrics.emit(now, Map.of("programId", programId, "activityType", activity.type().name()),
                    Map.of("Awards", BusinessMetrics.Value.count(1),
                            "PointsIssued", BusinessMetrics.Value.count(Math.max(0, points)),
                            "PointsReversed", BusinessMetrics.Value.count(Math.max(0, -points))));
        }
        return new AwardResult(memberId, activity.activityId(), award.entry().points(), award.entry().balanceAfter(),
                award.entry().tierAfter(), award.entry().tierChanged(), award.duplicate());
    }
}
