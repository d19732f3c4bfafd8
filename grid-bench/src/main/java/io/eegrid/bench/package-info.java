/**
 * JMH benchmarks of EE Grid side by side with raw Tyrus, gRPC-java and RSocket-java, two nodes in
 * one JVM on 127.0.0.1. Not an API: see docs/BENCHMARKS.md for how to run them and what they
 * measure.
 *
 * <p>Layout: one class per scenario ({@link io.eegrid.bench.SingleRequestBench}, {@link
 * io.eegrid.bench.StreamBench}, {@link io.eegrid.bench.BulkBench}, {@link
 * io.eegrid.bench.BlockingRequestBench}, {@link io.eegrid.bench.TypedRequestBench}); one {@link
 * io.eegrid.bench.Subject} per system under test, each peer's server in its own class; the shared
 * sizes and concurrencies in {@link io.eegrid.bench.Shapes}.
 */
package io.eegrid.bench;
