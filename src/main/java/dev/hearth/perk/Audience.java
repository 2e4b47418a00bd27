package dev.hearth.perk;

import java.time.LocalDate;
import java.util.List;

import dev.hearth.ledger.MemberSummary;
import dev.hearth.program.PerkCatalogue;
import dev.hearth.squad.SquadHealth;

/**
 * Who a grant is for. Each kind says whether a member (as far as the members' indexes describe
 * them) belongs to it on a given local day.
 */
public sealed interface Audience {

    int MAX_SILENT_DAYS = 365;

    boolean includes(MemberSummary member, LocalDate today);

    /** The kind as events name it: MEMBER, TIER, TAG, SQUAD, SQUAD_STATUS, SILENT_DAYS, FIRST_WEEK_DAY. */
    String kind();

    /** The kind's value as text (a member id, tier id, tag, squad, squad status, or a number of days). */
    String value();

    /** The squads a SQUAD_STATUS audience was resolved to when its grant started; empty for other kinds. */
    default List<String> squads() {
        return List.of();
    }

    /** The audience of a kind and value, with a SQUAD_STATUS audience's resolved squads. */
    static Audience of(String kind, String value, List<String> squads) {
        return "SQUAD_STATUS".equals(kind) ? new InSquadsWithStatus(SquadHealth.Status.valueOf(value), squads)
                : of(kind, value);
    }

    /** The audience of a kind and value, as {@link #kind()} and {@link #value()} wrote them. */
    static Audience of(String kind, String value) {
        return switch (kind) {
            case "MEMBER" -> new OneMember(value);
            case "TIER" -> new InTier(value);
            case "TAG" -> new WithTag(value);
            case "SQUAD" -> new InSquad(value);
            case "SILENT_DAYS" -> new SilentFor(Integer.parseInt(value));
            case "FIRST_WEEK_DAY" -> new FirstWeekDay(Integer.parseInt(value));
            default -> throw new IllegalArgumentException("no audience kind " + kind);
        };
    }

    record OneMember(String memberId) implements Audience {
        public String kind() {
            return "MEMBER";
        }

        public String value() {
            return memberId;
        }

        public boolean includes(MemberSummary m, LocalDate today) {
            return m.memberId().equals(memberId);
        }
    }

    record InTier(String tier) implements Audience {
        public String kind() {
            return "TIER";
        }

        public String value() {
            return tier;
        }

        public boolean includes(MemberSummary m, LocalDate today) {
            return tier.equals(m.tier());
        }
    }

    record WithTag(String tag) implements Audience {
        public String kind() {
            return "TAG";
        }

        public String value() {
            return tag;
        }

        public boolean includes(MemberSummary m, LocalDate today) {
            return m.tags() != null && m.tags().contains(tag);
        }
    }

    record InSquad(String squad) implements Audience {
        public String kind() {
            return "SQUAD";
        }

        public String value() {
            return squad;
        }

        public boolean includes(MemberSummary m, LocalDate today) {
            return m.squads() != null && m.squads().contains(squad);
        }
    }

    /**
     * Members of the open squads whose health has a status (SILENT: revive every silent squad at
     * once). The squads are taken when the grant starts ({@code squads}: null until then) and kept
     * with its job, so a grant that runs over several invocations keeps one audience.
     */
    record InSquadsWithStatus(SquadHealth.Status status, List<String> squads) implements Audience {
        public InSquadsWithStatus {
            squads = squads == null ? null : List.copyOf(squads);
        }

        public String kind() {
            return "SQUAD_STATUS";
        }

        public String value() {
            return status.name();
        }

        public boolean includes(MemberSummary m, LocalDate today) {
            return m.squads() != null && squads != null && m.squads().stream().anyMatch(squads::contains);
        }
    }

    /** No activity for at least {@code days} whole local days before today (churn risk). */
    record SilentFor(int days) implements Audience {
        public String kind() {
            return "SILENT_DAYS";
        }

        public String value() {
            return Integer.toString(days);
        }

        public boolean includes(MemberSummary m, LocalDate today) {
            return m.lastActiveDay() != null && !m.lastActiveDay().isAfter(lastActiveOnOrBefore(today));
        }

        /** The latest last-active day that still counts as silent today. */
        public LocalDate lastActiveOnOrBefore(LocalDate today) {
            return today.minusDays(days);
        }
    }

    /** Members on day N (1..7) of membership today: they joined N - 1 days ago. */
    record FirstWeekDay(int day) implements Audience {
        public String kind() {
            return "FIRST_WEEK_DAY";
        }

        public String value() {
            return Integer.toString(day);
        }

        public boolean includes(MemberSummary m, LocalDate today) {
            return m.joinedDay() != null && PerkCatalogue.membershipDay(m.joinedDay(), today) == day;
        }

        public LocalDate joinedOn(LocalDate today) {
            return today.minusDays(day - 1L);
        }
    }
}
