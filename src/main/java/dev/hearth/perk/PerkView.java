package dev.hearth.perk;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One perk of one member as callers see it, with every change of its life. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PerkView(String memberId, String perkId, String source, String kind, String title, String note,
        String status, String deliverAt, String expiresAt, List<StatusChange> history) {

    @RegisterForReflection
    public record StatusChange(String status, String at) {
    }

    public static PerkView of(Perk p) {
        return new PerkView(p.memberId(), p.perkId(), p.source().name(), p.kind().name(), p.title(), p.note(),
                p.status().name(), p.deliverAt().toString(), Objects.toString(p.expiresAt(), null),
                p.history().stream().map(c -> new StatusChange(c.status().name(), c.at().toString())).toList());
    }
}
