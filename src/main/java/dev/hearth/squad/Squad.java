package dev.hearth.squad;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A squad of one program, as stored.
 *
 * @param createdDay the program's local day of {@code createdAt}: a squad is not silent before it existed
 * @param members how many members are in it now (kept by every join and leave)
 * @param archivedAt when an operator archived it; null while it is open
 */
public record Squad(String programId, String squadId, String name, String theme, String leaderId, Status status,
        Instant createdAt, LocalDate createdDay, Instant archivedAt, long members) {

    /** Open squads can be joined; archived ones keep their members and history but take no one new. */
    public enum Status {
        OPEN, ARCHIVED
    }

    public boolean open() {
        return status == Status.OPEN;
    }

    /** Whether it was archived on or before a local day's end (the snapshot of that day leaves it out). */
    public boolean archivedBy(LocalDate day, java.time.ZoneId zone) {
        return archivedAt != null && !archivedAt.atZone(zone).toLocalDate().isAfter(day);
    }

    /** Whether CREATE with these fields asks for exactly this squad (a repeated CREATE). */
    public boolean sameAs(String otherName, String otherTheme, String otherLeaderId) {
        return name.equals(otherName) && java.util.Objects.equals(theme, otherTheme)
                && java.util.Objects.equals(leaderId, otherLeaderId);
    }
}
