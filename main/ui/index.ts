// The GUI served in browser mode (`skiff serve --ui`): files, one-time login, session cookies.
export { BrowserUi, UI_BASE, defaultRendererDir, type BrowserUiOptions } from './browser-ui.js';
export { UiSessions, SESSION_COOKIE, CSRF_HEADER, sessionCookie, sessionIdOf, type UiSessionOptions } from './sessions.js';
export { StaticFiles, SECURITY_HEADERS } from './static-files.js';
export { LocalShell, LOCAL_SHELL_PATH, type LocalShellOptions, type PtyProcess, type SpawnPty } from './local-shell.js';
