/**
 * The small application behind the README's run command: three handlers and a bean that, once every
 * peer is connected, calls each of them and prints what happened. Deployed on every node by {@link
 * io.eegrid.embedded.LocalGrid}; not part of any other application (this package is not a bean
 * archive, so discovery never finds it).
 */
package io.eegrid.embedded.demo;
