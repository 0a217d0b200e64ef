package dev.converge.emulator.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.Predicate;

/** Sends a request to one of two handlers by its path, where a path prefix alone cannot tell them apart. */
record HttpHandlerChoice(Predicate<String> isFirst, HttpHandler first, HttpHandler otherwise) implements HttpHandler {

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    (isFirst.test(exchange.getRequestURI().getPath()) ? first : otherwise).handle(exchange);
  }
}
