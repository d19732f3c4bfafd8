/**
 * Internal (tests): Jazzer fuzz tests on the decoders of untrusted input (frames, control payloads,
 * authentication tokens, typed codecs). Plain {@code mvn verify} replays the committed seeds under
 * {@code src/test/resources/io/eegrid/fuzz/<Class>Inputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes
 * one method (docs/RELIABILITY.md, "Fuzzing").
 */
package io.eegrid.fuzz;
