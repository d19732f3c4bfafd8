package io.eegrid.embedded.demo;

import io.eegrid.CallContext;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/** A two-way typed stream: answers each word with the word in capitals, after the prefix. */
@ApplicationScoped
@GridHandler("demo.upper")
public class UpperHandler implements TypedStream.Handler<String, String, String> {
  @Override
  public void handle(
      CallContext context,
      String prefix,
      TypedStream.Requests<String> words,
      TypedStream.Responses<String> responses) {
    for (String w; (w = words.next()) != null; ) {
      responses.send(prefix + w.toUpperCase(Locale.ROOT));
    }
  }
}
