package dev.hearth.function;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.hearth.perk.Perk;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One perk of one member as callers see it, with every change of its life. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PerkView(String memberId, String perkId, String source, String kind, String title, String note,
        String status, String deliverAt, String expiresAt, List<Change> history) {

    @RegisterForReflection
    public record Change(String status, String at) {
    }

    static PerkView of(Perk p) {
        return new PerkView(p.memberId(), p.perkId(), p.source().name(), p.kind().name(), p.title(), p.note(),
                p.status().name(), p.deliverAt().toString(), MemberView.text(p.expiresAt()),
                p.history().stream().map(c -> new Change(c.status().name(), c.at().toString())).toList());
    }
}
