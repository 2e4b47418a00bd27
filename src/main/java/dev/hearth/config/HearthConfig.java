package dev.hearth.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything Hearth reads from configuration ({@code hearth.*} in application.properties, or
 * {@code HEARTH_*} environment variables in Lambda), with each default written here once.
 */
@ConfigMapping(prefix = "hearth")
public interface HearthConfig {

    /** Table names per environment: {@code hearth.table.programs}, ... ({@code HEARTH_TABLE_PROGRAMS}, ...). */
    TableNames table();

    EvaluateTier evaluateTier();

    SchedulePerk schedulePerk();

    Perks perks();

    Programs programs();

    RunPrograms runPrograms();

    ImportMembers importMembers();

    Reports reports();

    interface Reports {
        /** The bucket the daily retention reports go to (the stack sets HEARTH_REPORTS_BUCKET). */
        Optional<String> bucket();

        /** A directory the reports go to (local runs and tests: target/reports). */
        Optional<String> directory();
    }

    /** Create the tables at start (local runs and tests; in the cloud the stack does). */
    @WithDefault("false")
    boolean createTables();

    /**
     * Whether to prime the function before Lambda snapshots it (SnapStart, JVM build: the stack sets
     * HEARTH_SNAPSTART_PRIMING): one DynamoDB read at start-up loads the whole request path into the
     * snapshot, so a restored function's first call does not.
     */
    @WithDefault("false")
    boolean snapstartPriming();

    BusinessMetrics businessMetrics();

    interface BusinessMetrics {
        /** Whether the EMF lines go to standard output (where Lambda's logs take them); tests listen instead. */
        @WithDefault("true")
        boolean print();
    }

    /** Put the default program at start if it is absent (local runs and tests). */
    @WithDefault("false")
    boolean seedDefaultProgram();

    CapacityMeter capacityMeter();

    Dynamodb dynamodb();

    LocalDynamodb localDynamodb();

    interface EvaluateTier {
        /** How long a whole-program review works before it pauses with a cursor (Lambda allows 15 minutes). */
        @WithDefault("PT10M")
        Duration timeBudget();
    }

    interface SchedulePerk {
        /** How long a grant works before it answers (API Gateway gives up at 29 s). */
        @WithDefault("PT20S")
        Duration grantBudget();

        /** How long the daily run works before it pauses (Lambda allows 15 minutes). */
        @WithDefault("PT10M")
        Duration timeBudget();
    }

    interface Perks {
        /** Writes of one page sent side by side. */
        @WithDefault("8")
        int parallelWrites();
    }

    interface RunPrograms {
        /** How long one run-programs call works over every program before it leaves the rest to the next tick. */
        @WithDefault("PT12M")
        Duration timeBudget();
    }

    interface ImportMembers {
        /** How long one import-members call works before it answers with its cursor (the rest on the next call). */
        @WithDefault("PT12M")
        Duration timeBudget();

        /** Whether source.file (a path on this machine) may be read: local runs and tests only. */
        @WithDefault("false")
        boolean filesAllowed();
    }

    interface Programs {
        /**
         * How long an instance keeps a program's rules before reading them again: the bound on how
         * late a rules change (manage-program) is seen by every function. PT0S reads every time.
         */
        @WithDefault("PT30S")
        Duration cacheTtl();
    }

    interface CapacityMeter {
        /** Ask DynamoDB for consumed capacity on every request and count it (benchmarks). */
        @WithDefault("false")
        boolean enabled();
    }

    interface Dynamodb {
        /** The SDK's attempts per call; absent: the SDK's default (the tests use 1). */
        Optional<Integer> maxAttempts();
    }

    interface LocalDynamodb {
        /** Where the embedded DynamoDB Local keeps its data; absent: in memory. */
        Optional<String> dbPath();
    }

    /** The table names as a bean of their own, for the table adapters. */
    final class Tables {
        private Tables() {
        }

        @Produces
        @Singleton
        static TableNames tables(HearthConfig config) {
            return config.table();
        }
    }
}
