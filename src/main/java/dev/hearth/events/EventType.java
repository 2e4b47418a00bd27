package dev.hearth.events;

/**
 * The events Hearth writes, each with the version of its detail's shape. The one source of the
 * names: each has its JSON Schema at docs/events/&lt;name&gt;.schema.json and an example in the README
 * (EventSchemasTest holds them together).
 */
public enum EventType {
    /** A customer joined (onboard-member, or an import that welcomes them): the welcome message's cue. */
    MEMBER_JOINED("MemberJoined", 1),
    /** A member's tier went up or down, with why and the privileges given or taken. */
    TIER_CHANGED("TierChanged", 1),
    /** A perk was delivered: fulfilment attaches it to an order or messages the member. */
    PERK_DELIVERED("PerkDelivered", 1),
    /** A delivered perk not yet used expires in three local days. */
    PERK_EXPIRING("PerkExpiring", 1),
    /** A member spent points on a reward (redeem-reward). */
    REWARD_REDEEMED("RewardRedeemed", 1),
    /** A redemption was cancelled: its points are back in the lots they came from. */
    REWARD_CANCELLED("RewardCancelled", 1),
    /** A member has had no activity for 7, then 14, local days (once per silence and threshold). */
    MEMBER_GOING_SILENT("MemberGoingSilent", 1),
    /** Nobody has been active in a squad for the program's silent days (told to its leader, once per silence). */
    SQUAD_GOING_SILENT("SquadGoingSilent", 1),
    /** A lot of a member's points expires in 30, then 7, days (once per lot and threshold). */
    POINTS_EXPIRING("PointsExpiring", 1),
    /** Points passed their expiry date and were taken from the balance (the nightly tier review). */
    POINTS_EXPIRED("PointsExpired", 1),
    /** A member was erased: every system that holds their data erases it too. */
    MEMBER_ERASED("MemberErased", 1);

    private final String typeName;
    private final int version;

    EventType(String typeName, int version) {
        this.typeName = typeName;
        this.version = version;
    }

    /** The name consumers see: the envelope's {@code type} and the bus's {@code detail-type}. */
    public String typeName() {
        return typeName;
    }

    public int version() {
        return version;
    }
}
