package dev.hearth.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.HearthConfig;

/**
 * A few threads for the writes of one page: each write waits on DynamoDB's round trip, so a page of
 * 100 conditional writes goes several times faster side by side than one after another.
 */
@ApplicationScoped
public class Workers {

    private final ExecutorService pool;

    public Workers(HearthConfig config) {
        int threads = config.perks().parallelWrites();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hearth-writes");
            t.setDaemon(true);
            return t;
        });
    }

    /** Applies {@code work} to every item, side by side, and returns the results in order. */
    public <T, R> List<R> each(List<T> items, Function<T, R> work) {
        if (items.size() <= 1) {
            return items.stream().map(work).toList();
        }
        List<Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(pool.submit(() -> work.apply(item)));
        }
        List<R> results = new ArrayList<>();
        for (Future<R> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    @PreDestroy
    public void stop() {
        pool.shutdownNow();
    }
}
