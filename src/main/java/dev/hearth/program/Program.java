package dev.hearth.program;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A community program and its rules. Rules are data (stored in the programs table) so that
 * operators change them without a deploy; nothing in the domain hard-codes the default ladder.
 *
 * @param downgradeGraceDays how long a member keeps a tier they no longer qualify for
 * @param pointsExpiryMonths points expire this many months after the local day they were earned; 0 = never
 * @param referralCredit when an invitation counts as a successful referral for its inviter
 * @param returnWindowDays a refund within this many days of its purchase takes back at once the tier
 *        that purchase bought (grace is for lapses, not for reversals)
 * @param squadRules after how many local days without activity a squad is quiet, and silent
 * @param rejoinAfterErasure whether a member id whose data was erased may join again, as a new
 *        member (false by default: an erased id stays refused)
 */
public record Program(String programId, String name, ZoneId timeZone, String currency, List<Tier> tiers,
        EarningRules earning, int downgradeGraceDays, int pointsExpiryMonths, PerkCatalogue perks,
        ReferralCredit referralCredit, int returnWindowDays, SquadRules squadRules, boolean rejoinAfterErasure) {

    /** A program where an erased member id stays refused. */
    public Program(String programId, String name, ZoneId timeZone, String currency, List<Tier> tiers,
            EarningRules earning, int downgradeGraceDays, int pointsExpiryMonths, PerkCatalogue perks,
            ReferralCredit referralCredit, int returnWindowDays, SquadRules squadRules) {
        this(programId, name, timeZone, currency, tiers, earning, downgradeGraceDays, pointsExpiryMonths, perks,
                referralCredit, returnWindowDays, squadRules, false);
    }

    /** The same rules, with erased member ids allowed to join again or not. */
    public Program withRejoinAfterErasure(boolean allowed) {
        return new Program(programId, name, timeZone, currency, tiers, earning, downgradeGraceDays,
                pointsExpiryMonths, perks, referralCredit, returnWindowDays, squadRules, allowed);
    }

    /** A program with the default squad thresholds. */
    public Program(String programId, String name, ZoneId timeZone, String currency, List<Tier> tiers,
            EarningRules earning, int downgradeGraceDays, int pointsExpiryMonths, PerkCatalogue perks,
            ReferralCredit referralCredit, int returnWindowDays) {
        this(programId, name, timeZone, currency, tiers, earning, downgradeGraceDays, pointsExpiryMonths, perks,
                referralCredit, returnWindowDays, SquadRules.DEFAULT);
    }

    public static final ReferralCredit DEFAULT_REFERRAL_CREDIT = ReferralCredit.JOIN;
    public static final int DEFAULT_RETURN_WINDOW_DAYS = 14;

    /** A program with the default referral rule and return window. */
    public Program(String programId, String name, ZoneId timeZone, String currency, List<Tier> tiers,
            EarningRules earning, int downgradeGraceDays, int pointsExpiryMonths, PerkCatalogue perks) {
        this(programId, name, timeZone, currency, tiers, earning, downgradeGraceDays, pointsExpiryMonths, perks,
                DEFAULT_REFERRAL_CREDIT, DEFAULT_RETURN_WINDOW_DAYS);
    }

    /** A program without a perk catalogue. */
    public Program(String programId, String name, ZoneId timeZone, String currency, List<Tier> tiers,
            EarningRules earning, int downgradeGraceDays, int pointsExpiryMonths) {
        this(programId, name, timeZone, currency, tiers, earning, downgradeGraceDays, pointsExpiryMonths,
                PerkCatalogue.EMPTY);
    }

    public Program {
        perks = perks == null ? PerkCatalogue.EMPTY : perks;
        referralCredit = referralCredit == null ? DEFAULT_REFERRAL_CREDIT : referralCredit;
        squadRules = squadRules == null ? SquadRules.DEFAULT : squadRules;
        if (returnWindowDays < 0) {
            throw new IllegalArgumentException("the return window cannot be negative");
        }
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a program needs at least one tier");
        }
        if (!tiers.get(0).requirements().isEmpty()) {
            throw new IllegalArgumentException("the first tier must have no requirements");
        }
    }

    /** The program's local calendar day of an instant: "a day" is a local day. */
    public LocalDate localDay(Instant instant) {
        return instant.atZone(timeZone).toLocalDate();
    }

    /** When a local day begins (the instant of its first moment in the program's time zone). */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(timeZone).toInstant();
    }

    public Tier entryTier() {
        return tiers.get(0);
    }

    /** The rank of a tier on the ladder, 0 for the entry tier; -1 for a tier no longer on it. */
    public int rankOf(String tierId) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).id().equals(tierId)) {
                return i;
            }
        }
        return -1;
    }

    /** The ids of the ladder's tiers from the entry tier up to and including {@code tierId}. */
    public List<String> tiersUpTo(String tierId) {
        return tiers.subList(0, Math.max(0, rankOf(tierId)) + 1).stream().map(Tier::id).toList();
    }

    public Optional<Tier> tier(String tierId) {
        int rank = rankOf(tierId);
        return rank < 0 ? Optional.empty() : Optional.of(tiers.get(rank));
    }
}
