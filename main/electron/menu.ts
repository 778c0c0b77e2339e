/**
 * The application menu as a template built from plain actions (types from electron only), so
 * its shape is tested without Electron. The only external link the app opens comes from here.
 */
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importDownloads(): void;
  openSample(): void;
  openWorkspace(): void;
  newWorkspace(): void;
  exportWorkbook(): void;
  openRecent(p: string): void;
  about(): void;
  /** Opens a fixed https link of ours through the checked `shell.openExternal`. */
  openLink(url: string): void;
}

export interface MenuContext {
  appName: string;
  isMac: boolean;
  isPackaged: boolean;
  recent: readonly string[];
}

/** Where CloudAscent downloads come from (Help menu). */
export const PARTNER_CENTER_URL = 'https://partner.microsoft.com/dashboard';

export function menuTemplate(a: MenuActions, ctx: MenuContext): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = ctx.recent.length
    ? ctx.recent.map((p) => ({ label: path.basename(p), sublabel: p, click: () => a.openRecent(p) }))
    : [{ label: 'No recent workspaces', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Import Downloads…', accelerator: 'CmdOrCtrl+I', click: () => a.importDownloads() },
      { label: 'Open Sample Data', click: () => a.openSample() },
      { type: 'separator' },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => a.openWorkspace() },
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => a.newWorkspace() },
      { label: 'Recent Workspaces', submenu: recent },
      { type: 'separator' },
      { label: 'Export Workbook…', accelerator: 'CmdOrCtrl+E', click: () => a.exportWorkbook() },
      ...(ctx.isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      ...(ctx.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'CloudAscent Downloads in Partner Center', click: () => a.openLink(PARTNER_CENTER_URL) },
      ...(ctx.isMac
        ? []
        : [{ type: 'separator' } as const, { label: `About ${ctx.appName}`, click: () => a.about() }]),
    ],
  };
  const appMenu: MenuItemConstructorOptions[] = ctx.isMac
    ? [
        {
          label: ctx.appName,
          submenu: [
            { label: `About ${ctx.appName}`, click: () => a.about() },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, { role: 'editMenu' }, view, help];
}
