package io.eegrid.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores made at test time with the JDK's own {@code keytool} (from {@code
 * java.home}): a self-signed certificate per name, PKCS12, password {@link #PASSWORD}.
 */
final class TestCertificates {
  static final String PASSWORD = "test-store-password";

  private final Path dir;

  TestCertificates(Path dir) {
    this.dir = dir;
  }

  /**
   * A key store {@code <name>-keys.p12} holding a self-signed certificate for {@code san} (keytool
   * syntax, for example {@code ip:127.0.0.1,dns:localhost}), and a trust store {@code
   * <name>-trust.p12} holding only that certificate.
   */
  Path[] keyAndTrust(String name, String cn, String san) throws IOException, InterruptedException {
    Path keys = dir.resolve(name + "-keys.p12");
    Path cert = dir.resolve(name + ".crt");
    Path trust = dir.resolve(name + "-trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + cn,
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-keystore",
        keys.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        name,
        "-keystore",
        keys.toString(),
        "-storepass",
        PASSWORD,
        "-rfc",
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        name,
        "-file",
        cert.toString(),
        "-keystore",
        trust.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    return new Path[] {keys, trust};
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("keytool did not finish within 30 s: " + command);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("keytool failed (" + p.exitValue() + "): " + command + "\n" + out);
    }
  }
}
