package dev.hearth.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a query's items and whether more follow. The query asks for one item more than the
 * page holds, so "more" is known, never guessed from a LastEvaluatedKey that may end on the last item.
 */
public record QueryPage<T>(List<T> items, boolean more) {

    /** The page of {@code limit} items out of a query run with {@code limit + 1}. */
    public static <T> QueryPage<T> of(List<Map<String, AttributeValue>> fetched, int limit,
            Function<Map<String, AttributeValue>, T> read) {
        return of(fetched, limit, read, item -> true);
    }

    /**
     * The same, of the items before the first that does not {@code belong}: in a query sorted by
     * time, everything after it is older and does not belong either, so no more follow.
     */
    public static <T> QueryPage<T> of(List<Map<String, AttributeValue>> fetched, int limit,
            Function<Map<String, AttributeValue>, T> read, Predicate<T> belong) {
        List<T> kept = fetched.stream().map(read).takeWhile(belong).toList();
        return new QueryPage<>(kept.stream().limit(limit).toList(), kept.size() > limit);
    }
}
