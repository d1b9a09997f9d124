/** The server's version, reported by GET /v1/health. */
export const SERVER_VERSION = '0.1.0';
