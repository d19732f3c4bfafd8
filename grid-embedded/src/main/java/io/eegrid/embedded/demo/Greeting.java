package io.eegrid.embedded.demo;

/** The typed response of the "demo.hello" handler. */
public record Greeting(String text, String node, long handledAtMillis) {}
