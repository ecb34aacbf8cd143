/**
 * The services built on core: timestamp, echo, upper, callcenter, and the seed examples hello,
 * hao and ack. Each is a {@link io.switchboard.services.Service}: a name, default endpoints, and
 * protocols written once and run under every model.
 *
 * <p>{@link io.switchboard.services.ServiceCatalog} lists them; {@link io.switchboard.services.ServiceRunner}
 * starts one on a reactor. Depends on core only.
 */
package io.switchboard.services;
