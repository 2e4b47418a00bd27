package dev.hearth.squad;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.hearth.program.DefaultProgram;

/**
 * The default program's example squads, seeded with it (locally at start, in the cloud at
 * deployment from infra/seed/default-squads.json). Only seed data: once stored, manage-squad
 * changes them like any other.
 */
public final class DefaultSquads {

    /** A fixed creation time, so that the seed file is the same on every build. */
    static final Instant CREATED_AT = Instant.parse("2026-01-01T00:00:00Z");

    private DefaultSquads() {
    }

    public static List<Squad> create() {
        return List.of(
                squad("baking", "Baking squad 烘焙小组", "This week: sourdough starters"),
                squad("journaling", "Journaling squad 手帐小组", "This week: a page a day"),
                squad("tea-tasting", "Tea tasting squad 品茶小组", "This week: Jin Jun Mei"));
    }

    private static Squad squad(String squadId, String name, String theme) {
        return new Squad(DefaultProgram.PROGRAM_ID, squadId, name, theme, null, Squad.Status.OPEN, CREATED_AT,
                LocalDate.of(2026, 1, 1), null, 0);
    }
}
