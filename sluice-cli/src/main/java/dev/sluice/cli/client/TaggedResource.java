package dev.sluice.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A resource as the server showed it, with its {@code ETag}: sent back as {@code If-Match}, it makes a PUT apply
 * only to this version.
 *
 * @param json the resource
 * @param etag its ETag, or null when the server sent none
 */
public record TaggedResource(JsonNode json, String etag) {
}
