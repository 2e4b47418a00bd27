package dev.hearth.config;

import io.smallrye.config.WithDefault;

/** Table names, set per environment (the Lambda gets them from its environment): part of HearthConfig. */
public interface TableNames {

    @WithDefault("hearth-programs")
    String programs();

    @WithDefault("hearth-members")
    String members();

    @WithDefault("hearth-activities")
    String activities();

    @WithDefault("hearth-stats")
    String stats();

    @WithDefault("hearth-perks")
    String perks();

    @WithDefault("hearth-outbox")
    String outbox();

    @WithDefault("hearth-squads")
    String squads();

    /** The physical name of the table with this logical name (a TableSpec's name). */
    default String named(String logical) {
        return switch (logical) {
            case "programs" -> programs();
            case "members" -> members();
            case "activities" -> activities();
            case "stats" -> stats();
            case "perks" -> perks();
            case "outbox" -> outbox();
            case "squads" -> squads();
            default -> throw new IllegalArgumentException("no table " + logical);
        };
    }
}
