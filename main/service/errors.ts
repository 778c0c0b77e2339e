/**
 * The service's own error: its message is meant for the user (HTTP 400, a dialog, the CLI's
 * one line), not a crash. No dependencies, so the Electron main process can map errors with it
 * without loading better-sqlite3.
 */
export class ServiceError extends Error {}
