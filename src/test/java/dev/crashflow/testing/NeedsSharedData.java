package dev.crashflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Skips a test class (with a message) when {@code ../shared/data} is not beside the checkout, as
 * in a clone made elsewhere; CI always has it, so there these tests run.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledIf(value = "dev.crashflow.testing.SharedData#present",
    disabledReason = "needs the shared fixtures in ../shared/data beside the checkout (CI has them;"
        + " see the README's Tests section)")
public @interface NeedsSharedData {}
