// Routes: one per view; a selected object is part of the URL so it can be linked and reloaded.
import { createRouter, createWebHashHistory, createWebHistory, type RouteRecordRaw } from 'vue-router';
import ConfigView from './views/ConfigView.vue';
import NodesView from './views/NodesView.vue';
import OverviewView from './views/OverviewView.vue';
import PodsView from './views/PodsView.vue';
import ServicesView from './views/ServicesView.vue';
import WorkloadsView from './views/WorkloadsView.vue';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/overview' },
  { path: '/overview', name: 'overview', component: OverviewView },
  { path: '/nodes/:name?', name: 'nodes', component: NodesView },
  { path: '/workloads/:kind?/:namespace?/:name?', name: 'workloads', component: WorkloadsView },
  { path: '/pods/:namespace?/:name?', name: 'pods', component: PodsView },
  { path: '/services/:namespace?/:name?', name: 'services', component: ServicesView },
  { path: '/config/:kind?/:namespace?/:name?', name: 'config', component: ConfigView },
  // The editor brings CodeMirror: loaded when first opened, not with the app.
  { path: '/editor', name: 'editor', component: () => import('./views/EditorView.vue') },
  // The log viewer and the terminals (xterm.js) load on demand too.
  { path: '/logs/:kind/:namespace/:name', name: 'logs', component: () => import('./views/logs/LogsView.vue') },
  { path: '/terminals', name: 'terminals', component: () => import('./views/terminals/TerminalsView.vue') },
  { path: '/:rest(.*)*', redirect: '/overview' },
];

export function createAppRouter(base = '/ui/') {
  // Electron may load the files from disk, where only hash URLs survive a reload.
  const history = typeof location !== 'undefined' && location.protocol === 'file:' ? createWebHashHistory() : createWebHistory(base);
  return createRouter({ history, routes });
}

/** Route params are string | string[]; ours are single strings. */
export function param(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}
