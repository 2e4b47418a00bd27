/**
 * What members hear from Hearth: one envelope ({@link dev.hearth.events.HearthEvent}) for every
 * event, written to the outbox ({@link dev.hearth.events.OutboxTable}) in the transaction that
 * causes it; the types and their versions in {@link dev.hearth.events.EventType}, their JSON
 * Schemas in docs/events.
 */
package dev.hearth.events;
