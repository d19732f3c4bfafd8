package io.eegrid.embedded.demo;

/** The typed request of the "demo.hello" handler. */
public record Hello(String from) {}
