/**
 * The CDI face of EE Grid: {@link io.eegrid.cdi.GridHandler} marks handler beans, {@link
 * io.eegrid.cdi.GridPeer} qualifies the injected {@link io.eegrid.Connection} to one peer, and the
 * event records report peers connecting, disconnecting and being refused. Configuration comes from
 * MicroProfile Config (docs/CONFIGURATION.md).
 */
package io.eegrid.cdi;
