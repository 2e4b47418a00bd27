package dev.hearth.ledger;

import java.time.Instant;
import java.time.LocalDate;

import dev.hearth.program.ActivityType;
import dev.hearth.program.Program;

/** A member's review: expire points past their date, then apply the tier ladder with its grace. */
public final class NightlyReview {

    public record Reviewed(Member member, long pointsExpired, TierLadder.Change tierChange) {
        public boolean changed() {
            return pointsExpired > 0 || tierChange != TierLadder.Change.NONE;
        }
    }

    private NightlyReview() {
    }

    public static Reviewed review(Program program, Member before, Instant now) {
        Member member = before.copy();
        LocalDate today = now.atZone(program.timeZone()).toLocalDate();
        long expired = PointLots.expire(member, today, program.pointsExpiryMonths());
        TierLadder.Change change = TierLadder.review(program, member, now);
        return new Reviewed(member, expired, change);
    }

    /**
     * The ledger line that records expired points; its id is unique per member version, and it is
     * Hearth's own entry, which no client activityId can reach.
     */
    public static LedgerEntry expiryEntry(Program program, Member before, Reviewed reviewed, Instant now) {
        LocalDate today = now.atZone(program.timeZone()).toLocalDate();
        Member member = reviewed.member();
        return new LedgerEntry("expiry:" + today + ":v" + member.version, ActivityType.EXPIRY, -reviewed.pointsExpired(), null, null, null,
                null, now, now, null, member.pointsBalance, member.tier,
                reviewed.tierChange() == TierLadder.Change.UPGRADED || reviewed.tierChange() == TierLadder.Change.DOWNGRADED,
                null, before.tier, true);
    }
}
