package dev.hearth.edge;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A function whose every outcome is told apart in its log: a rejection (the caller's to fix) from
 * a failure (Hearth's), and whose failures answer a fixed text (see {@link Answers}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Answered {
}
