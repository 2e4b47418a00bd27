package dev.hearth.perk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.program.Program;

/**
 * PerkExpiring: a delivered perk not yet used is told three local days before the day it expires,
 * so the member can still use it. The daily run of day D finds the perks expiring on D + 3 through
 * the due index (a delivered perk's next change is its expiry): no scan. A perk delivered after
 * that day's run (less than three days before it expires) is not told: its PerkDelivered already
 * carries its expiry.
 */
public final class PerkExpiringNotices {

    /** Local days before the day a perk expires that its member is told. */
    public static final int DAYS_BEFORE = 3;

    private PerkExpiringNotices() {
    }

    /** The start and end of the local day whose expiring perks the run of {@code date} tells. */
    static Instant[] window(Program program, LocalDate date) {
        LocalDate day = date.plusDays(DAYS_BEFORE);
        return new Instant[] { program.startOf(day), program.startOf(day.plusDays(1)) };
    }

    /** Whether the perk is one to tell: delivered, not used, with an expiry. */
    static boolean toTell(Perk perk) {
        return perk.status() == PerkStatus.DELIVERED && perk.expiresAt() != null;
    }

    /**
     * The notice of a perk. Its key follows from the perk and its expiry, and it happens at the start
     * of the local day three days before: written once however often the day is run, and an erasure
     * can name it to delete it (it holds the perk's title).
     */
    public static HearthEvent event(Program program, Perk perk) {
        LocalDate expiresOn = program.localDay(perk.expiresAt());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("perkId", perk.perkId());
        detail.put("source", perk.source().name());
        detail.put("kind", perk.kind().name());
        detail.put("title", perk.title());
        detail.put("expiresAt", perk.expiresAt().toString());
        detail.put("daysLeft", DAYS_BEFORE);
        return HearthEvent.of(EventType.PERK_EXPIRING, program.programId(), perk.memberId(),
                List.of(perk.perkId(), perk.expiresAt().toString()),
                program.startOf(expiresOn.minusDays(DAYS_BEFORE)), detail);
    }
}
