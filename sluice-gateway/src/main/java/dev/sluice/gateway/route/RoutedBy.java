package dev.sluice.gateway.route;

/** How a request's deployment was chosen; only traffic-routed requests may be mirrored. */
public enum RoutedBy {
    /** The caller named it in {@code azureml-model-deployment}. */
    HEADER,
    /** The endpoint's traffic schedule picked it. */
    TRAFFIC
}
