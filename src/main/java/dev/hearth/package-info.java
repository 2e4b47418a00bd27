/** Hearth: the member community engine. Features: {@code program}, {@code ledger}, {@code perk}, {@code retention}, {@code tier}, {@code points}, {@code member} (each imports only those before it); the shared {@code edge} and {@code dynamodb} layers; {@code local} for dev and test; here, start-up ({@link dev.hearth.Bootstrap}) and native registrations. */
package dev.hearth;
