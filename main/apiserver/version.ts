// GET /version. kubectl needs a semver gitVersion; the machine's kubectl dispatcher picks the
// kubectl matching the reported minor version, so Skiff reports the Kubernetes API level it implements.
export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4' };

export function versionInfo(): object {
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    gitVersion: `${KUBERNETES_VERSION.gitVersion}+skiff`,
    gitCommit: 'skiff',
    gitTreeState: 'clean',
    buildDate: '2026-11-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'skiff',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
