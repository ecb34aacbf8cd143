/**
 * Limits that keep one peer (or many) from taking what belongs to all: connection caps in total
 * and per remote address, and the timeouts that close a connection that has gone quiet or stopped
 * reading. Cross-cutting: plain records the reactor and the servers read; no dependencies.
 *
 * <p>What happens at a limit is always a logged, counted refusal or close that names the limit
 * and the numbers — never a silent hang.
 */
package io.switchboard.limits;
