package io.eegrid.example;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under /api of the web module (the embedded default serves it there too). */
@ApplicationPath("/api")
public class RestApplication extends Application {}
