// `skiff start` (what `npm start` runs). The Electron shell is not built yet, so this runs the
// headless server, which prints its URL.
import { serve } from './serve.js';

export async function start(argv: string[]): Promise<number> {
  console.error('skiff: the desktop app is not available in this build; starting the headless server.');
  return serve(argv);
}
