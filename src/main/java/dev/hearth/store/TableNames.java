package dev.hearth.store;

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
}
