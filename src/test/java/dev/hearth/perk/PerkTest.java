package dev.hearth.perk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberSummary;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.PerkCatalogue;
import dev.hearth.program.PerkKind;
import dev.hearth.program.PerkOffer;
import dev.hearth.program.Program;
import dev.hearth.tier.Privileges;

class PerkTest {

    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    private static final PerkOffer TEA = new PerkOffer(PerkKind.SAMPLE, "Jin Jun Mei sample", "清风大哥, 这是我们从福建茶农那里找到的私房茶", 0);

    private static Perk scheduled(Instant deliverAt, Instant expiresAt) {
        return Perk.scheduled("p", "m", "tea", PerkSource.GRANT, TEA, deliverAt, expiresAt, NOW);
    }

    @Test
    void onlyATierPrivilegeMayBeGivenAgainOverACancelledOne() {
        assertTrue(Perk.scheduled("p", "m", "fan", PerkSource.TIER, TEA, NOW, null, NOW).mayReplaceCancelled());
        for (PerkSource other : List.of(PerkSource.GRANT, PerkSource.ROUTINE, PerkSource.TAG)) {
            assertFalse(Perk.scheduled("p", "m", "x", other, TEA, NOW, null, NOW).mayReplaceCancelled(), other.name());
        }
    }

    @Test
    void aPerkLivesScheduledDeliveredRedeemedAndRecordsEachChange() {
        Perk p = scheduled(NOW.plusSeconds(60), null);
        assertFalse(p.dueBy(NOW));
        assertEquals(NOW.plusSeconds(60), p.dueAt());
        Perk delivered = p.deliver(NOW.plusSeconds(60));
        assertNull(delivered.dueAt(), "nothing more happens by itself to a delivered perk without expiry");
        Perk redeemed = delivered.redeem(NOW.plusSeconds(120));
        assertEquals(List.of(PerkStatus.SCHEDULED, PerkStatus.DELIVERED, PerkStatus.REDEEMED),
                redeemed.history().stream().map(Perk.StatusChange::status).toList());
        assertEquals(NOW.plusSeconds(120), redeemed.changedAt());
        assertThrows(HearthException.class, () -> redeemed.cancel(NOW));
        assertThrows(IllegalStateException.class, () -> redeemed.expire(NOW));
    }

    @Test
    void onlyADeliveredUnexpiredPerkCanBeRedeemedAndOnlyAnOpenOneCancelled() {
        Perk p = scheduled(NOW, NOW.plus(Duration.ofDays(2)));
        HearthException notYet = assertThrows(HearthException.class, () -> p.redeem(NOW));
        assertEquals(ErrorCode.PERK_NOT_REDEEMABLE, notYet.code());
        Perk delivered = p.deliver(NOW);
        assertEquals(NOW.plus(Duration.ofDays(2)), delivered.dueAt(), "a delivered perk is next due to expire");
        assertEquals(ErrorCode.PERK_EXPIRED, assertThrows(HearthException.class,
                () -> delivered.redeem(NOW.plus(Duration.ofDays(2)))).code());
        assertTrue(delivered.expiredBy(NOW.plus(Duration.ofDays(2))));
        assertFalse(delivered.expiredBy(NOW.plus(Duration.ofDays(2)).minusMillis(1)));
        Perk cancelled = p.cancel(NOW);
        assertEquals(PerkStatus.CANCELLED, cancelled.status());
        assertNull(cancelled.dueAt());
        assertEquals(ErrorCode.PERK_NOT_CANCELLABLE, assertThrows(HearthException.class, () -> cancelled.cancel(NOW)).code());
        assertThrows(IllegalArgumentException.class, () -> scheduled(NOW, NOW));
    }

    @Test
    void theDefaultCatalogueGivesDayOneAndTagPerksOnJoiningAndNothingAfterDaySeven() {
        Program program = DefaultProgram.create();
        PerkCatalogue catalogue = program.perks();
        List<Perk> onJoin = CataloguePerks.onJoin(catalogue, "default", "m", List.of("black-tea", "sleepless", "east-china"), NOW);
        assertEquals(List.of("routine.day-1.welcome", "tag.black-tea.jin-jun-mei", "tag.sleepless.lavender"),
                onJoin.stream().map(Perk::perkId).toList());
        assertTrue(onJoin.stream().allMatch(p -> p.dueBy(NOW)), "joining perks are delivered at once");
        assertEquals(NOW.plus(Duration.ofDays(30)), onJoin.get(1).expiresAt());
        for (int day = 1; day <= 7; day++) {
            assertFalse(CataloguePerks.routineStep(catalogue, "default", "m", day, NOW, NOW).isEmpty(), "day " + day);
        }
        assertTrue(CataloguePerks.routineStep(catalogue, "default", "m", 8, NOW, NOW).isEmpty());
        assertTrue(CataloguePerks.routineStep(catalogue, "default", "m", 0, NOW, NOW).isEmpty());
        assertEquals(3, PerkCatalogue.membershipDay(LocalDate.of(2026, 11, 21), LocalDate.of(2026, 11, 23)));
        assertTrue(catalogue.defines("tier.fan.early-access"));
        assertFalse(catalogue.defines("spring-sale"));
    }

    @Test
    void tierPrivilegesAreOwedOncePerTierIncludingTiersJumpedOver() {
        Program program = DefaultProgram.create();
        Member m = new Member();
        m.programId = "default";
        m.memberId = "m";
        m.tier = "CLOSE_FRIEND";
        List<Perk> first = Privileges.claimOwed(program, m, NOW);
        assertEquals(List.of("tier.fan.early-access", "tier.fan.study-material", "tier.close-friend.product-line",
                "tier.close-friend.salon"), first.stream().map(Perk::perkId).toList());
        assertEquals(Set.of("MEMBER", "FAN", "CLOSE_FRIEND"), m.privilegesGranted);
        m.tier = "MEMBER";
        assertTrue(Privileges.claimOwed(program, m, NOW).isEmpty());
        m.tier = "CLOSE_FRIEND";
        assertTrue(Privileges.claimOwed(program, m, NOW).isEmpty(), "reaching a tier again gives nothing twice");
        m.tier = "PARTNER";
        assertEquals(3, Privileges.claimOwed(program, m, NOW).size());
    }

    @Test
    void eachAudienceIncludesExactlyItsMembers() {
        LocalDate today = LocalDate.of(2026, 11, 23);
        MemberSummary fan = new MemberSummary("a", "FAN", List.of("black-tea"), List.of("baking"),
                today.minusDays(2), today.minusDays(10));
        MemberSummary fresh = new MemberSummary("b", "MEMBER", List.of(), List.of(), today, today);
        assertTrue(new Audience.OneMember("a").includes(fan, today));
        assertFalse(new Audience.OneMember("a").includes(fresh, today));
        assertTrue(new Audience.InTier("FAN").includes(fan, today));
        assertFalse(new Audience.InTier("FAN").includes(fresh, today));
        assertTrue(new Audience.WithTag("black-tea").includes(fan, today));
        assertFalse(new Audience.WithTag("black-tea").includes(fresh, today));
        assertTrue(new Audience.InSquad("baking").includes(fan, today));
        assertFalse(new Audience.InSquad("baking").includes(fresh, today));
        assertTrue(new Audience.SilentFor(10).includes(fan, today));
        assertFalse(new Audience.SilentFor(11).includes(fan, today));
        assertTrue(new Audience.FirstWeekDay(3).includes(fan, today));
        assertFalse(new Audience.FirstWeekDay(2).includes(fan, today));
        assertTrue(new Audience.FirstWeekDay(1).includes(fresh, today));
        for (Audience a : List.of(new Audience.OneMember("a"), new Audience.InTier("FAN"), new Audience.WithTag("t"),
                new Audience.InSquad("s"), new Audience.SilentFor(7), new Audience.FirstWeekDay(3))) {
            assertEquals(a, Audience.of(a.kind(), a.value()));
        }
    }
}
