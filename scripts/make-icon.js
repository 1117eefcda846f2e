#!/usr/bin/env node
// Draws the app icon for packaging (dist/icons/icon.png, 1024×1024; electron-builder makes the .icns and
// .ico from it) with the tray's drawing code, so the icon needs no binary file in the repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { drawLogo } = await import(`${root}dist/main/electron/tray-icon.js`);
const { encodePng } = await import(`${root}dist/main/electron/png.js`);
const size = 1024;
mkdirSync(`${root}dist/icons`, { recursive: true });
writeFileSync(`${root}dist/icons/icon.png`, encodePng(size, size, drawLogo(size, 'ok')));
console.log(`make-icon: ${root}dist/icons/icon.png`);
