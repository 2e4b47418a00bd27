package dev.hearth.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a query's items and whether more follow. The query asks for one item more than the
 * page holds, so "more" is known, never guessed from a LastEvaluatedKey that may end on the last item.
 */
public record QueryPage<T>(List<T> items, boolean more) {

    /** The page of {@code limit} items out of a query run with {@code limit + 1}. */
    public static <T> QueryPage<T> of(List<Map<String, AttributeValue>> fetched, int limit,
            Function<Map<String, AttributeValue>, T> read) {
        return new QueryPage<>(fetched.stream().limit(limit).map(read).toList(), fetched.size() > limit);
    }
}
