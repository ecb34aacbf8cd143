/**
 * Measurements, side by side in one run: the load generators and the servers they load. Servers
 * always run in a child JVM so their CPU time is theirs alone. Everything talks to 127.0.0.1 only,
 * is bounded in count and time, and stops by itself.
 */
package io.switchboard.bench;
