// The images Skiff's examples run, each described as "these Debian packages, these binaries, these files,
// this image config". build-image.js turns a recipe into an image with `docker import`.

/**
 * @typedef {object} ImageFile   a file of the repository baked into the image
 * @property {string} src        path relative to the repository root
 * @property {string} dest       path inside the image (no leading slash)
 * @property {number} mode
 *
 * @typedef {object} Recipe
 * @property {string} name       short name used on the command line
 * @property {string} tag        repository:tag given to the image
 * @property {string} description
 * @property {string[]} packages Debian packages to download (their missing dependencies come along)
 * @property {string[]} binaries absolute paths, looked up in the unpacked packages first, then on the host;
 *                               each is copied with every shared library it needs
 * @property {ImageFile[]} files
 * @property {{ path: string, mode: number }[]} dirs  extra directories (no leading slash)
 * @property {string[]} changes  Dockerfile instructions applied by `docker import` (CMD, ENV, EXPOSE, ...)
 */

const PATH = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** @type {Recipe[]} */
export const RECIPES = [
  {
    name: 'redis',
    tag: 'skiff-examples/redis:7',
    description: "redis-server and redis-cli from Debian's redis packages",
    packages: ['redis-server', 'redis-tools'],
    binaries: ['/usr/bin/redis-server', '/usr/bin/redis-cli'],
    files: [],
    // Redis writes dump.rdb (and a replica its sync file) into its working directory, as user redis.
    dirs: [{ path: 'data', mode: 0o1777 }],
    changes: [PATH, 'WORKDIR /data', 'USER redis', 'EXPOSE 6379/tcp',
      'CMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0"]'],
  },
  {
    name: 'guestbook-redis-slave',
    tag: 'skiff-examples/guestbook-redis-slave:1',
    description: 'redis-server replicating from the redis-master service (like gb-redisslave)',
    packages: ['redis-server', 'redis-tools'],
    binaries: ['/usr/bin/redis-server', '/usr/bin/redis-cli'],
    files: [{ src: 'resources/images/guestbook-redis-slave/run.sh', dest: 'usr/local/bin/run.sh', mode: 0o755 }],
    dirs: [{ path: 'data', mode: 0o1777 }],
    changes: [PATH, 'WORKDIR /data', 'USER redis', 'EXPOSE 6379/tcp', 'CMD ["/usr/local/bin/run.sh"]'],
  },
  {
    name: 'guestbook-frontend',
    tag: 'skiff-examples/guestbook-frontend:1',
    description: "busybox httpd serving the guestbook page and its guestbook.php API (a shell CGI using redis-cli)",
    packages: ['redis-tools'],
    binaries: ['/usr/bin/redis-cli'],
    files: [
      { src: 'resources/images/guestbook-frontend/index.html', dest: 'var/www/index.html', mode: 0o644 },
      { src: 'resources/images/guestbook-frontend/guestbook.js', dest: 'var/www/guestbook.js', mode: 0o644 },
      { src: 'resources/images/guestbook-frontend/guestbook.php', dest: 'var/www/guestbook.php', mode: 0o644 },
      { src: 'resources/images/guestbook-frontend/httpd.conf', dest: 'etc/httpd.conf', mode: 0o644 },
    ],
    dirs: [{ path: 'var/www', mode: 0o755 }],
    // httpd binds port 80 as root, then serves (and runs the CGI) as www-data.
    changes: [PATH, 'WORKDIR /var/www', 'EXPOSE 80/tcp',
      'CMD ["httpd", "-f", "-v", "-p", "80", "-h", "/var/www", "-c", "/etc/httpd.conf", "-u", "www-data:www-data"]'],
  },
];

/** Names that stand for several images. */
export const GROUPS = {
  guestbook: ['redis', 'guestbook-redis-slave', 'guestbook-frontend'],
  all: RECIPES.map((r) => r.name),
};

/**
 * The recipes for names of images or groups, each once, in RECIPES order.
 * @param {string[]} names
 * @returns {Recipe[]}
 */
export function recipesFor(names) {
  const wanted = new Set();
  for (const n of names) {
    const group = /** @type {Record<string, string[]>} */ (GROUPS)[n];
    if (group) group.forEach((g) => wanted.add(g));
    else if (RECIPES.some((r) => r.name === n)) wanted.add(n);
    else throw new Error(`unknown image "${n}" (known: ${[...Object.keys(GROUPS), ...RECIPES.map((r) => r.name)].join(', ')})`);
  }
  return RECIPES.filter((r) => wanted.has(r.name));
}
