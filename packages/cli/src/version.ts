/** The CLI version, reported by `--version` and in SARIF output. */
export const CLI_VERSION = '0.1.0';
