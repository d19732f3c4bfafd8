package io.eegrid.embedded.app;

import java.util.List;

/** A typed response of the test application. */
public record Reply(String node, List<String> lines) {}
