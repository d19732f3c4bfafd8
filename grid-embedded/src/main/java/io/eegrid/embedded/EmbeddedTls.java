package io.eegrid.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;
import org.glassfish.tyrus.client.SslEngineConfigurator;

/**
 * TLS of the embedded default (docs/CONFIGURATION.md section 6.4): with {@code grid.tls=true} the
 * node's server listens only on TLS with the key store's certificate, and its client dials {@code
 * wss://} trusting the trust store (the JVM's default trust when none is set), with host name
 * verification on. Passwords are never shown in messages or logs. Immutable.
 */
final class EmbeddedTls {
  static final String TLS = "grid.tls";
  static final String KEY_STORE = "grid.embedded.tls.key-store";
  static final String KEY_STORE_PASSWORD = "grid.embedded.tls.key-store-password";
  static final String KEY_STORE_TYPE = "grid.embedded.tls.key-store-type";
  static final String TRUST_STORE = "grid.embedded.tls.trust-store";
  static final String TRUST_STORE_PASSWORD = "grid.embedded.tls.trust-store-password";
  static final String TRUST_STORE_TYPE = "grid.embedded.tls.trust-store-type";

  /** The server side: this node's certificate and key. */
  final SSLContext server;

  /** The client side: whom this node trusts when it dials. */
  final SSLContext client;

  private EmbeddedTls(SSLContext server, SSLContext client) {
    this.server = server;
    this.client = client;
  }

  /**
   * Reads the TLS keys; returns null when {@code grid.tls} is not true.
   *
   * @throws IllegalArgumentException naming the key that is missing or wrong (never a password)
   */
  static EmbeddedTls read(Config config) {
    boolean tls =
        config.getOptionalValue(TLS, String.class).map(String::trim).orElse("false").equals("true");
    Optional<String> keyStore = config.getOptionalValue(KEY_STORE, String.class);
    if (!tls) {
      if (keyStore.isPresent()) {
        throw new IllegalArgumentException(
            KEY_STORE + " is set but " + TLS + " is not true: set " + TLS + "=true to serve TLS");
      }
      return null;
    }
    if (keyStore.isEmpty()) {
      throw new IllegalArgumentException(
          TLS
              + "=true needs "
              + KEY_STORE
              + ": the embedded server listens only on TLS, with the certificate and key of"
              + " that key store");
    }
    try {
      KeyStore keys = load(config, keyStore.get(), KEY_STORE, KEY_STORE_PASSWORD, KEY_STORE_TYPE);
      char[] password = password(config, KEY_STORE_PASSWORD);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      try {
        kmf.init(keys, password);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            KEY_STORE
                + ": the key in "
                + keyStore.get()
                + " cannot be read with "
                + KEY_STORE_PASSWORD
                + " ("
                + e.getClass().getSimpleName()
                + ")",
            e);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      Optional<String> trustStore = config.getOptionalValue(TRUST_STORE, String.class);
      tmf.init(
          trustStore.isPresent()
              ? load(config, trustStore.get(), TRUST_STORE, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE)
              : null); // null: the JVM's default trust (javax.net.ssl.trustStore or cacerts)
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      return new EmbeddedTls(server, client);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("TLS of the embedded server: " + e.getMessage(), e);
    }
  }

  /** The client side's Tyrus configuration: TLS client mode, host name verification on. */
  SslEngineConfigurator clientConfigurator() {
    return new SslEngineConfigurator(client, true, false, false).setHostVerificationEnabled(true);
  }

  private static KeyStore load(
      Config config, String file, String key, String passwordKey, String typeKey) {
    String type = config.getOptionalValue(typeKey, String.class).map(String::trim).orElse("PKCS12");
    Path path = Path.of(file.trim());
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(key + ": \"" + file + "\" is not a readable file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password(config, passwordKey));
      return store;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          key + ": \"" + file + "\" is not a " + type + " key store (" + typeKey + ")", e);
    } catch (IOException e) {
      // KeyStore.load reports a wrong password as an IOException (cause: UnrecoverableKeyException)
      throw new IllegalArgumentException(
          key
              + ": \""
              + file
              + "\" cannot be read as a "
              + type
              + " key store with "
              + passwordKey
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static char[] password(Config config, String key) {
    return config.getOptionalValue(key, String.class).map(String::toCharArray).orElse(null);
  }
}
