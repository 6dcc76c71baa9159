package dev.sluice.gateway.route;

/**
 * {@code Host: {e}.{domain}} → endpoint {@code e} with the whole path forwarded, as Azure's scoring URIs look
 * ({@code https://my-endpoint.example.com/score}). Other hosts fall back to path-based routing.
 */
public final class HostEndpointResolver implements EndpointResolver {

    private final String suffix;
    private final EndpointResolver fallback;

    /** @param domain lower case, without a leading dot */
    public HostEndpointResolver(String domain, EndpointResolver fallback) {
        this.suffix = "." + domain;
        this.fallback = fallback;
    }

    @Override
    public Target resolve(String host, String uri) {
        if (host != null) {
            int labelLength = host.length() - suffix.length();
            // DNS names compare case-insensitively; the endpoint label is used as sent.
            if (labelLength > 0 && host.regionMatches(true, labelLength, suffix, 0, suffix.length())
                    && host.lastIndexOf('.', labelLength - 1) < 0) {
                return new Target(host.substring(0, labelLength), uri);
            }
        }
        return fallback.resolve(host, uri);
    }
}
