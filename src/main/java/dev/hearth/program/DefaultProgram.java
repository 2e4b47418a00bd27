package dev.hearth.program;

import static dev.hearth.program.Counter.QUALITY_POSTS;
import static dev.hearth.program.Counter.REFERRALS;
import static dev.hearth.program.Counter.SPEND_FEN;
import static dev.hearth.program.PerkKind.COUPON;
import static dev.hearth.program.PerkKind.CUSTOM;
import static dev.hearth.program.PerkKind.EARLY_ACCESS;
import static dev.hearth.program.PerkKind.GIFT;
import static dev.hearth.program.PerkKind.INVITATION;
import static dev.hearth.program.PerkKind.SAMPLE;
import static dev.hearth.program.PerkKind.SERVICE_CHANNEL;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The program a fresh install starts with, from the product brief (a stationery brand's ladder).
 * It is only seed data: once stored, the stored copy is what the functions read.
 */
public final class DefaultProgram {

    public static final String PROGRAM_ID = "default";
    /** Who and why, in the default program's version 1 (locally and in the deployment's seed). */
    public static final String SEEDED_BY = "hearth";
    public static final String SEED_REASON = "the brief's default program, seeded on a fresh install";
    /** The seed file's version 1 time, fixed so that the file is the same on every build. */
    public static final java.time.Instant SEEDED_AT = java.time.Instant.parse("2026-01-01T00:00:00Z");

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
                // Per member and local day. Interactions and check-ins are the brief's; the rest are
                // ours: the storefront alone decides what a "quality" post is, so a day counts at most 3;
                // events and feedback are rarely more than 2 and 3 a day; a referral is an invitation
                // Hearth recorded, and an inviter's 6th successful invitation of a day counts no more.
                Map.of(ActivityType.INTERACTION, 20, ActivityType.CHECK_IN, 1, ActivityType.QUALITY_POST, 3,
                        ActivityType.EVENT_ATTENDANCE, 2, ActivityType.FEEDBACK, 3, ActivityType.REFERRAL, 5));
        return new Program(PROGRAM_ID, "Default community", ZoneId.of("Asia/Shanghai"), "CNY", tiers, earning, 30, 12,
                catalogue());
    }

    /**
     * Tier privileges as perks (each tier's own additions: a member who jumps two tiers gets both
     * sets), the brief's two personalised rules, and a seven-day routine of one or two high-value,
     * low-price offers a day, each with a sample of tomorrow's item; and three rewards.
     */
    static PerkCatalogue catalogue() {
        Map<String, List<CataloguePerk>> tiers = new LinkedHashMap<>();
        tiers.put("FAN", List.of(
                perk("tier.fan.early-access", EARLY_ACCESS, "New-product early access", null, 0),
                perk("tier.fan.study-material", GIFT, "Regular study material", "每月一份学习资料", 0)));
        tiers.put("CLOSE_FRIEND", List.of(
                perk("tier.close-friend.product-line", SERVICE_CHANNEL, "Direct line to product managers", null, 0),
                perk("tier.close-friend.salon", INVITATION, "Offline salon invitations", null, 0)));
        tiers.put("PARTNER", List.of(
                perk("tier.partner.co-design", INVITATION, "Co-design seat", null, 0),
                perk("tier.partner.service-channel", SERVICE_CHANNEL, "Dedicated service channel", null, 0),
                perk("tier.partner.internship", CUSTOM, "Internship referrals", null, 0)));
        Map<String, List<CataloguePerk>> tags = new LinkedHashMap<>();
        tags.put("black-tea", List.of(perk("tag.black-tea.jin-jun-mei", SAMPLE, "Jin Jun Mei sample",
                "A handwritten card comes with it: 这是我们从福建茶农那里找到的私房茶", 30)));
        tags.put("sleepless", List.of(perk("tag.sleepless.lavender", GIFT, "Lavender candle + sleep course code",
                "For calmer nights: 薰衣草香薰蜡烛和助眠音频课程兑换码", 30)));
        Map<Integer, List<CataloguePerk>> routine = new LinkedHashMap<>();
        routine.put(1, List.of(perk("routine.day-1.welcome", COUPON, "Welcome: a notebook for 9.9 CNY",
                "With a sample of tomorrow's gel pen", 2)));
        routine.put(2, List.of(perk("routine.day-2.gel-pen", COUPON, "Gel pen set at half price",
                "With a sample of tomorrow's washi tape", 2)));
        routine.put(3, List.of(perk("routine.day-3.washi-tape", COUPON, "Washi tape trio for 5 CNY",
                "With a sample of tomorrow's sticky notes", 2),
                perk("routine.day-3.first-post", EARLY_ACCESS, "Share your first page: early look at the spring line",
                        null, 2)));
        routine.put(4, List.of(perk("routine.day-4.sticky-notes", COUPON, "Sticky notes, buy one get one",
                "With a sample of tomorrow's ink", 2)));
        routine.put(5, List.of(perk("routine.day-5.ink", SAMPLE, "Fountain-pen ink sample",
                "With a sample of tomorrow's bookmark", 2)));
        routine.put(6, List.of(perk("routine.day-6.bookmark", COUPON, "Brass bookmark for 9.9 CNY",
                "With a sample of tomorrow's planner insert", 2)));
        routine.put(7, List.of(perk("routine.day-7.planner", COUPON, "Planner inserts at 30% off", null, 2),
                perk("routine.day-7.squad", INVITATION, "Join a squad: your first workshop seat", null, 7)));
        // What points buy: the salon's 30 seats, for Close Friends and Partners, one each; 200 samples
        // of the new notebook, one each; a study kit anyone may buy as often as they like.
        List<Reward> rewards = List.of(
                new Reward("salon-seat", new PerkOffer(INVITATION, "A seat at the offline salon",
                        "线下沙龙席位: the product team's spring salon", 60), 500, 30L, 1,
                        List.of("CLOSE_FRIEND", "PARTNER"), null, null),
                new Reward("notebook-sample", new PerkOffer(SAMPLE, "New notebook sample", null, 30), 200, 200L, 1,
                        List.of(), null, null),
                new Reward("study-kit", new PerkOffer(GIFT, "Study kit: notebook, pen and ink", null, 90), 800, null,
                        null, List.of(), null, null));
        return new PerkCatalogue(tiers, tags, routine, rewards);
    }

    private static CataloguePerk perk(String id, PerkKind kind, String title, String note, int validDays) {
        return new CataloguePerk(id, new PerkOffer(kind, title, note, validDays));
    }
}
