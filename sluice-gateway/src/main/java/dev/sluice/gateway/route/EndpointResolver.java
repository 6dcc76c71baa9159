package dev.sluice.gateway.route;

import java.util.Optional;

/** Finds the endpoint a request is for. One step of the gateway; implementations are pure. */
public interface EndpointResolver {

    /**
     * @param host the request's host without port, or null
     * @param uri  the request target in origin form ({@code /path?query})
     * @return the target, or null when the request names no endpoint
     */
    Target resolve(String host, String uri);

    /** Path-based routing, plus host-based routing ({@code {endpoint}.{domain}}) when a domain is given. */
    static EndpointResolver create(Optional<String> domain) {
        PathEndpointResolver byPath = new PathEndpointResolver();
        return domain.<EndpointResolver>map(d -> new HostEndpointResolver(d, byPath)).orElse(byPath);
    }
}
