/** Programs: a brand's rules as data (tiers, earning, caps, perk catalogue), their table, and the lookup every function starts with. */
package dev.hearth.program;
