package dev.hearth.edge;

import java.time.Clock;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The functions' notion of now: one bean, so that nothing reads the system clock behind its back (tests move it). */
@Dependent
public class SystemClock {

    @Produces
    @Singleton
    static Clock clock() {
        return Clock.systemUTC();
    }
}
