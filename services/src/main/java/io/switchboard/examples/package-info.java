/**
 * The servers of the classic tutorials, ported one to one onto {@code io.switchboard.server}:
 * each is a screenful that shows one API. See README.md in this folder for where each comes from.
 */
package io.switchboard.examples;
