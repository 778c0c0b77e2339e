/**
 * What the desktop app's preload adds to the contract on `window.ascent` (types only). In
 * browser mode these are absent: check `'onJobProgress' in api` before using them.
 */
import type { Api, JobOut } from './api';

export interface DesktopExtras {
  /** Calls `listener` with each progress update of any import or export job; returns an unsubscribe function. */
  onJobProgress(listener: (job: JobOut) => void): () => void;
  /**
   * Imports files picked in an `<input type=file>` or dropped on the page, read in place by path.
   * `allowShrink`: import even a file held back for shrinking its report ("Import anyway").
   */
  importFiles(files: File[], opts?: { allowShrink?: boolean }): Promise<JobOut>;
}

export type DesktopApi = Api & DesktopExtras;
