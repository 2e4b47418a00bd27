/** A member's record and ledger: the member, the rules that change them (earning, caps, tiers, expiry), and the members and activities tables. */
package dev.hearth.ledger;
