// The tray icon: the cluster's state at a glance (the icon's colour, the tooltip, the first menu lines)
// and the quick actions. tray-status.ts decides what it says; this draws it.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { encodePng } from './png.js';
import { drawLogo } from './tray-icon.js';
import { summaryTone, trayMenuItems, trayTooltip, type ClusterSummary, type Tone, type TrayAction } from './tray-status.js';

export function logoImage(size: number, tone: Tone = 'ok'): NativeImage {
  const image = nativeImage.createFromBuffer(encodePng(size, size, drawLogo(size, tone)));
  // HiDPI panels pick the 2× drawing.
  image.addRepresentation({ scaleFactor: 2, dataURL: `data:image/png;base64,${encodePng(size * 2, size * 2, drawLogo(size * 2, tone)).toString('base64')}` });
  return image;
}

export class AppTray {
  private readonly tray: Tray;
  private readonly icons = new Map<Tone, NativeImage>();
  private last = '';

  constructor(private readonly actions: Record<TrayAction, () => void>) {
    this.tray = new Tray(this.icon('ok'));
    this.tray.setToolTip('Skiff');
    // Windows and most Linux panels: a click opens the window; the menu is on the right button.
    this.tray.on('click', () => actions.open());
  }

  update(summary: ClusterSummary): void {
    const key = JSON.stringify(summary);
    if (key === this.last) return;
    this.last = key;
    this.tray.setImage(this.icon(summaryTone(summary)));
    this.tray.setToolTip(trayTooltip(summary));
    const template: MenuItemConstructorOptions[] = trayMenuItems(summary).map((item) => ('separator' in item
      ? { type: 'separator' }
      : { label: item.label, enabled: item.enabled, click: item.action ? this.actions[item.action] : undefined }));
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.tray.destroy();
  }

  private icon(tone: Tone): NativeImage {
    let image = this.icons.get(tone);
    if (!image) {
      image = logoImage(process.platform === 'darwin' ? 18 : 22, tone);
      this.icons.set(tone, image);
    }
    return image;
  }
}
