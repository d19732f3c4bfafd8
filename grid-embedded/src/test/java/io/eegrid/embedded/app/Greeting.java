package io.eegrid.embedded.app;

/** A typed request of the test application. */
public record Greeting(String from, int times) {}
