package dev.hearth.retention;

import java.util.List;
import java.util.Map;

/**
 * A program's figures for one local day. Counts are exact; rates are the counts' quotient rounded
 * to 4 decimals, null where the denominator is 0.
 *
 * @param totalMembers members who had joined by the end of the day
 * @param activeDay members active that day (joining counts); activeSevenDays etc.: active on any
 *        day of the window ending that day
 * @param silentSevenDays churn risk: members who had joined by the day and were not active in the
 *        7 (14, 30) days ending that day
 * @param d1 of the members who joined the day before, the share active that day (d7, d30 likewise)
 * @param repurchaseRate members with 2 or more purchases over members with 1 or more, as of the day
 * @param referralShare of the day's new members, the share who joined by invitation
 * @param tierDistribution members per tier as of the day
 * @param splits the d1 / d7 / d30 retention of the members who made 5 or more connections in their
 *        first week ({@code connected}) or fewer ({@code notConnected}), and of those who joined by
 *        invitation ({@code referral}) or not ({@code direct})
 * @param squads squads with members by the day, created on or before it and not archived by it;
 *        silentSquads: of those, the ones with no member active in the program's silent days (7)
 *        ending that day and at least that old (names: the first 50 by squad id, as named now)
 * @param kocCandidates the most active members with quality posts (top 20, as they stand when the
 *        snapshot is computed)
 * @param churnRisk sevenDays / fourteenDays / thirtyDays: members not active since 7 / 14 / 30 days
 *        before the day, most recently active first (top 20 each, as they stand when computed)
 */
public record Snapshot(String programId, String date, long totalMembers, long newMembers, long referralJoins,
        Double referralShare, long activeDay, long activeSevenDays, long activeThirtyDays, long silentSevenDays,
        long silentFourteenDays, long silentThirtyDays, Retention d1, Retention d7, Retention d30,
        Map<String, Split> splits, long buyers, long repeatBuyers, Double repurchaseRate, long feedbackCount,
        Double averageFeedbackScore, Map<String, Long> tierDistribution, long pointsIssued, long pointsReversed,
        long pointsExpired, long squads, long silentSquads, Double silentSquadShare, List<String> silentSquadNames,
        List<KocCandidate> kocCandidates, Map<String, List<SilentMember>> churnRisk) {

    /** The same figures with this member's name taken off the KOC list (an erasure): the counts stay. */
    public Snapshot withoutName(String memberId) {
        List<KocCandidate> koc = kocCandidates.stream().map(k -> k.memberId().equals(memberId)
                ? new KocCandidate(k.memberId(), null, k.qualityPosts(), k.activities()) : k).toList();
        return new Snapshot(programId, date, totalMembers, newMembers, referralJoins, referralShare, activeDay,
                activeSevenDays, activeThirtyDays, silentSevenDays, silentFourteenDays, silentThirtyDays, d1, d7, d30,
                splits, buyers, repeatBuyers, repurchaseRate, feedbackCount, averageFeedbackScore, tierDistribution,
                pointsIssued, pointsReversed, pointsExpired, squads, silentSquads, silentSquadShare, silentSquadNames,
                koc, churnRisk);
    }

    /** How many members each list shows. */
    public static final int LIST_SIZE = 20;

    /** A key opinion consumer candidate. */
    public record KocCandidate(String memberId, String displayName, long qualityPosts, long activities) {
    }

    /** A member at risk: their last active local day. */
    public record SilentMember(String memberId, String lastActiveDay) {
    }

    /** The split names, in output order. */
    public static final List<String> SPLITS = List.of("connected", "notConnected", "referral", "direct");

    /** N-day retention of one join cohort. */
    public record Retention(String cohort, long size, long active, Double rate) {
    }

    /** Headline retention of one split. */
    public record Split(Retention d1, Retention d7, Retention d30) {
    }

    /**
     * A join cohort's retention curve: rate[n] = share active n days after joining, n = 0..30, as far
     * as known; splits: the same per split.
     */
    public record CohortCurve(String joinDay, long size, List<Long> active, List<Double> rate,
            Map<String, List<Double>> splits) {
    }

    public static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : Math.round(numerator * 10_000.0 / denominator) / 10_000.0;
    }
}
