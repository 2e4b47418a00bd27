package dev.hearth.program;

import static dev.hearth.member.Counter.REFERRALS;
import static dev.hearth.member.Counter.QUALITY_POSTS;
import static dev.hearth.member.Counter.SPEND_FEN;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.hearth.member.ActivityType;

/**
 * The program a fresh install starts with, from the product brief (a stationery brand's ladder).
 * It is only seed data: once stored, the stored copy is what the functions read.
 */
public final class DefaultProgram {

    public static final String PROGRAM_ID = "default";

    private DefaultProgram() {
    }

    public static Program create() {
        List<Tier> tiers = List.of(
                new Tier("MEMBER", "Member", "成员", Map.of(), List.of("community access")),
                new Tier("FAN", "Fan", "山海粉", Map.of(SPEND_FEN, 50_000L),
                        List.of("community access", "new-product early access", "regular study material")),
                new Tier("CLOSE_FRIEND", "Close Friend", "山海挚友", Map.of(SPEND_FEN, 100_000L, QUALITY_POSTS, 3L),
                        List.of("community access", "new-product early access", "regular study material",
                                "direct line to product managers", "offline salon invitations")),
                new Tier("PARTNER", "Partner", "山海合伙人", Map.of(SPEND_FEN, 200_000L, REFERRALS, 10L),
                        List.of("community access", "new-product early access", "regular study material",
                                "direct line to product managers", "offline salon invitations", "co-design seat",
                                "dedicated service channel", "internship referrals")));
        EarningRules earning = new EarningRules(1,
                Map.of(ActivityType.QUALITY_POST, 50L,
                        ActivityType.REFERRAL, 200L,
                        ActivityType.EVENT_ATTENDANCE, 100L,
                        ActivityType.FEEDBACK, 30L,
                        ActivityType.CHECK_IN, 5L,
                        ActivityType.INTERACTION, 1L),
                Map.of(ActivityType.INTERACTION, 20, ActivityType.CHECK_IN, 1));
        return new Program(PROGRAM_ID, "Default community", ZoneId.of("Asia/Shanghai"), "CNY", tiers, earning, 30, 12);
    }
}
