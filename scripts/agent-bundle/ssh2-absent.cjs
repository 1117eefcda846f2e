// Stands in for ssh2 in the agent bundle. dockerode's docker-modem loads ssh2 at start-up for DOCKER_HOST=ssh://…
// engines, which costs the agent about 15 MB of memory; the agent only ever talks to the engine on its own
// machine, over the local socket. Used anyway, it says so.
'use strict';
class Client {
  constructor() {
    throw new Error('the Skiff agent reaches the Docker engine on its own machine (unix socket or tcp://); ssh:// engines are not supported');
  }
}
/* global module */
module.exports = { Client };
