package dev.hearth.ledger;

import java.time.LocalDate;
import java.util.List;

/** What the members' indexes tell about a member; fields an index does not carry are null. */
public record MemberSummary(String memberId, String tier, List<String> tags, List<String> squads, LocalDate joinedDay,
        LocalDate lastActiveDay) {
}
