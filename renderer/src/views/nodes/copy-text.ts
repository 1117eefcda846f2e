// Copying a command or token: through the desktop app when there is one (its clipboard always works),
// else the browser's clipboard API (secure contexts only), else a hidden textarea and execCommand.
export async function copyText(text: string): Promise<void> {
  const bridge = typeof window === 'undefined' ? undefined : window.skiff;
  if (bridge?.copyText) return bridge.copyText(text);
  if (typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext) {
    try {
      return await navigator.clipboard.writeText(text);
    } catch {
      // permission refused: fall back below
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy: select the text and copy it by hand');
}
