package dev.sluice.gateway.route;

/**
 * {@code /endpoints/{e}/{rest}} → endpoint {@code e}, forwarded as {@code /{rest}} with the query string;
 * {@code /endpoints/{e}} alone forwards {@code /}. Plain character scanning: no regex on the request path.
 */
public final class PathEndpointResolver implements EndpointResolver {

    static final String PREFIX = "/endpoints/";

    @Override
    public Target resolve(String host, String uri) {
        if (!uri.startsWith(PREFIX)) {
            return null;
        }
        int start = PREFIX.length();
        int end = start;
        while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
            end++;
        }
        if (end == start) {
            return null;
        }
        String endpoint = uri.substring(start, end);
        if (end == uri.length()) {
            return new Target(endpoint, "/");
        }
        String rest = uri.substring(end);
        return new Target(endpoint, rest.charAt(0) == '/' ? rest : "/" + rest);
    }
}
