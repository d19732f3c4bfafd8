/**
 * EE Grid's public API: {@link io.eegrid.GridManager} (one per node), {@link io.eegrid.Connection}
 * (one per remote), single requests, {@link io.eegrid.Stream}s, handlers, typed calls and the
 * exceptions. Everything else in {@code io.eegrid.*} except {@code io.eegrid.codec} and the
 * transport SPI is internal.
 */
package io.eegrid;
