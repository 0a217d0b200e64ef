package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.query.Query;
import dev.converge.emulator.query.QueryException;
import dev.converge.emulator.query.Source;
import dev.converge.emulator.rollout.TwinView;
import java.util.List;

/**
 * {@code POST /devices/query} with {@code {"query": "SELECT ... FROM devices[.modules] ..."}}: the matching rows as a
 * JSON array, a page at a time.
 *
 * <p>Paging as the service SDK drives it: the page size comes from {@code x-ms-max-item-count} (default and cap
 * {@value #MAX_PAGE}), and a response that is not the last carries {@code x-ms-continuation}, which the client sends
 * back for the next page. The last page carries none: the SDK's {@code hasNext()} treats any token, even for an empty
 * page, as "more to come". Rows are twins as {@link TwinView} shows them, so {@code configurations.<id>.status} can
 * be queried.
 */
final class QueryResource {

  static final int MAX_PAGE = 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final TwinView view;

  QueryResource(TwinView view) {
    this.view = view;
  }

  ApiResponse query(ApiRequest request) {
    ObjectNode body = request.jsonObject("the query request");
    JsonNode text = body.get("query");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      throw new RejectedRequest(ApiError.invalid("query is required: {\"query\": \"SELECT * FROM devices\"}"));
    }
    Query query;
    try {
      query = Query.parse(text.asText());
    } catch (QueryException e) {
      throw new RejectedRequest(ApiError.invalid(e.getMessage() + " in '" + text.asText() + "'"));
    }
    int pageSize = Paging.positive(request.header("x-ms-max-item-count").orElse(null), "x-ms-max-item-count",
        MAX_PAGE);
    int offset = Paging.offset(request.header("x-ms-continuation").orElse(null), text.asText());
    List<ObjectNode> rows = query.execute(query.source() == Source.DEVICES ? view.devices() : view.modules());
    int end = Math.min(rows.size(), offset + pageSize);
    ArrayNode page = NODES.arrayNode();
    for (int i = Math.min(offset, end); i < end; i++) {
      page.add(rows.get(i));
    }
    ApiResponse response = ApiResponse.ok(page);
    return end < rows.size() ? response.withHeader("x-ms-continuation", Paging.token(text.asText(), end)) : response;
  }
}
