/** Retention: daily-retention-snapshot ({@link dev.hearth.retention.DailyRetentionSnapshot}) with its use case TakeSnapshot, the counters kept as data arrives, the stats table. */
package dev.hearth.retention;
