package io.baton.engine.catalog;

import java.util.List;

/**
 * Implemented by an actuator that can tell, before a pool is stored, whether it could run it: its own
 * section of the pool's settings is complete and valid. The catalog's API refuses a pool with problems.
 */
@FunctionalInterface
public interface PoolCheck {

    /** The problems with {@code pool}'s settings for this actuator, each naming its key; none when it can run it. */
    List<String> problems(PoolSpec pool);
}
