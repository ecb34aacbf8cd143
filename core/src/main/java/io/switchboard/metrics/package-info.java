/**
 * Counters the reactor and the servers keep per listener: connections open and total, bytes in
 * and out, messages, errors, refusals. Cross-cutting: it depends on nothing in core, and every
 * layer above may count into it. Counters are {@link java.util.concurrent.atomic.LongAdder}s, so
 * event loops on several cores count without contention; readers see a sum that is at most a
 * moment old.
 */
package io.switchboard.metrics;
