/** Internal: the portable extension, configuration reading and lifecycle. Not public API. */
package io.eegrid.cdi.internal;
