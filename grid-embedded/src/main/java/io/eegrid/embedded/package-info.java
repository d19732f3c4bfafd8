/**
 * The embedded default: runs grid nodes without an application server, on Tyrus bound to the
 * configured interface (loopback by default).
 */
package io.eegrid.embedded;
