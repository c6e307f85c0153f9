/** Names shared by the proxy, the collector, the API and the client pill. */

/** Request header set by proxy.ts (and echoed on the response) in development. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Server-Timing metric that carries the request id to the browser (PerformanceResourceTiming.serverTiming). */
export const REQUEST_ID_TIMING = 'devreq';

export const DEV_API_PREFIX = '/api/dev';
