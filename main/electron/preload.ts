/**
 * The sandboxed preload: exposes exactly one object, `window.ascent`, with the contract's
 * shape (checked by `satisfies`) plus a job-progress subscription and a file import helper.
 * No raw ipcRenderer and no other Electron API reaches the page. Imports types only from
 * shared/, so the bundle holds nothing but this file.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Api, In, JobOut, MethodName, Out } from '../../shared/api';
import type { DesktopApi } from '../../shared/desktop';
import type { InvokeResult } from './ipc-handler';

// Literal copies of ipc-handler's channel names: importing them would bundle its imports too.
const IPC_CHANNEL = 'ascent:call';
const JOB_EVENT_CHANNEL = 'ascent:job';

async function call(name: MethodName, input: unknown): Promise<unknown> {
  const r = (await ipcRenderer.invoke(IPC_CHANNEL, name, input ?? {})) as InvokeResult;
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function m<K extends MethodName>(name: K): (input: In<K>) => Promise<Out<K>> {
  return (input) => call(name, input) as Promise<Out<K>>;
}

const contract = {
  workspace: m('workspace'),
  openSample: m('openSample'),
  openDefaultWorkspace: m('openDefaultWorkspace'),
  summary: m('summary'),
  rows: m('rows'),
  facets: m('facets'),
  customers: m('customers'),
  customer: m('customer'),
  customerFacets: m('customerFacets'),
  matrix: m('matrix'),
  whitespace: m('whitespace'),
  agreements: m('agreements'),
  imports: m('imports'),
  importIssues: m('importIssues'),
  forgetImport: m('forgetImport'),
  importPaths: m('importPaths'),
  job: m('job'),
  cancelJob: m('cancelJob'),
  views: m('views'),
  saveView: m('saveView'),
  renameView: m('renameView'),
  deleteView: m('deleteView'),
  settings: m('settings'),
  saveSettings: m('saveSettings'),
  resetSettings: m('resetSettings'),
  startExport: m('startExport'),
  preferences: m('preferences'),
  setPreferences: m('setPreferences'),
} satisfies Api;

const ascent = {
  ...contract,
  onJobProgress(listener: (job: JobOut) => void): () => void {
    const relay = (_e: IpcRendererEvent, job: JobOut): void => listener(job);
    ipcRenderer.on(JOB_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(JOB_EVENT_CHANNEL, relay);
    };
  },
  importFiles(files: File[], opts?: { allowShrink?: boolean }): Promise<JobOut> {
    // In a sandbox the page cannot see paths; the preload can, for files the user gave it.
    const paths = Array.from(files, (f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
    return contract.importPaths(opts?.allowShrink ? { paths, allowShrink: true } : { paths });
  },
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('ascent', ascent);
