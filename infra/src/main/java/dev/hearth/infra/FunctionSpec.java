package dev.hearth.infra;

import java.util.List;
import java.util.Map;

/**
 * One function's deployment: its size, its time limit, and exactly the DynamoDB actions its code
 * performs (keep in step with the store classes of the functions application).
 *
 * @param access table (or table/index/NAME) -> actions; table keys: programs, members, activities,
 *              stats, perks, outbox (a perk delivered in a transaction is a PutItem on perks and outbox)
 * @param storefront whether the storefront API exposes it
 */
record FunctionSpec(String name, int nativeMemoryMb, int jvmMemoryMb, int timeoutSeconds,
        Map<String, List<String>> access, boolean storefront, Map<String, String> environment) {

    static final List<FunctionSpec> ALL = List.of(
            new FunctionSpec("onboard-member", 256, 1024, 10, Map.of(
                    "programs", List.of("dynamodb:GetItem"),
                    "members", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                    "activities", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                    "stats", List.of("dynamodb:UpdateItem"),
                    // Query: a returning member's perks in the answer; an inviter's held privileges.
                    "perks", List.of("dynamodb:PutItem", "dynamodb:Query"),
                    "outbox", List.of("dynamodb:PutItem")), true, Map.of()),
            new FunctionSpec("award-points", 256, 1024, 15, Map.of(
                    "programs", List.of("dynamodb:GetItem"),
                    "members", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                    "activities", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                    "stats", List.of("dynamodb:UpdateItem"),
                    // Query: the privileges a reversal cancels and those a member still holds.
                    "perks", List.of("dynamodb:PutItem", "dynamodb:Query"),
                    "outbox", List.of("dynamodb:PutItem")), true, Map.of()),
            new FunctionSpec("evaluate-tier", 512, 1536, 900, Map.of(
                    "programs", List.of("dynamodb:GetItem"),
                    "members", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                    "members/index/byProgram", List.of("dynamodb:Query"),
                    "activities", List.of("dynamodb:PutItem"),
                    "stats", List.of("dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:PutItem"),
                    "perks", List.of("dynamodb:PutItem", "dynamodb:Query"),
                    "outbox", List.of("dynamodb:PutItem")), true,
                    // A whole-program run pauses with a cursor well before Lambda's 15 minutes.
                    Map.of("HEARTH_EVALUATE_TIER_TIME_BUDGET", "PT12M")),
            new FunctionSpec("get-member", 256, 1024, 10, Map.of(
                    "programs", List.of("dynamodb:GetItem"),
                    "members", List.of("dynamodb:GetItem"),
                    "activities/index/byRecorded", List.of("dynamodb:Query"),
                    "perks", List.of("dynamodb:Query")), true, Map.of()),
            new FunctionSpec("schedule-perk", 512, 1536, 900, Map.of(
                    "programs", List.of("dynamodb:GetItem"),
                    "members", List.of("dynamodb:GetItem"),
                    "members/index/byProgram", List.of("dynamodb:Query"),
                    "members/index/byJoined", List.of("dynamodb:Query"),
                    "members/index/byLastActive", List.of("dynamodb:Query"),
                    // UpdateItem: a grant's count of perks the daily run delivered later.
                    "perks", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                    "perks/index/byDue", List.of("dynamodb:Query"),
                    "perks/index/openGrants", List.of("dynamodb:Query"),
                    "outbox", List.of("dynamodb:PutItem")), true,
                    // The daily run and a grant's fan-out pause well before Lambda's 15 minutes; a
                    // grant through the API answers within 20 s (API Gateway waits 29).
                    Map.of("HEARTH_SCHEDULE_PERK_TIME_BUDGET", "PT12M")),
            new FunctionSpec("daily-retention-snapshot", 256, 1024, 60, Map.of(
                    "programs", List.of("dynamodb:GetItem"),
                    "members/index/byKoc", List.of("dynamodb:Query"),
                    "members/index/byLastActive", List.of("dynamodb:Query"),
                    "stats", List.of("dynamodb:Query", "dynamodb:PutItem")), false, Map.of()));
}
