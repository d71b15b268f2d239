export const HELP = `Usage: xrun [XRUN OPTIONS] [DOCKER RUN OPTIONS] IMAGE [COMMAND] [ARG...]
       xrun inspect [--json] [--size] IMAGE
       xrun emulators [--json]
       xrun emulate [--no-credentials] [--persist] [--yes] PLATFORM...
       xrun emulate --remove [--force] PLATFORM...

Runs an image like "docker run", first checking that its platform fits the
daemon's CPU: it pulls the matching entry of a multi-platform image, or runs
a foreign one under qemu-user emulation through binfmt_misc.

xrun options (anywhere before the image):
  --emulate         allow emulation; register the qemu handler if needed
  --native          never emulate
  --yes             take the best option without asking
  --dry-run         print the commands instead of running them
  --json            with --dry-run: print the plan as JSON
  --no-credentials  register handlers without the C flag
  --engine NAME     docker or podman (also XRUN_ENGINE)
  --context NAME    docker context for every docker command
  --verbose         explain the decision and log each step on stderr
  --help, --version

Docker's own --platform and DOCKER_DEFAULT_PLATFORM choose the platform.
Without a terminal xrun never asks: it exits 125 saying which flag it needs.`;

/** One usage line per subcommand, for its --help. */
export const USAGE: Record<string, string> = {
  inspect: 'usage: xrun inspect [--json] [--size] [--verbose] IMAGE',
  emulators: 'usage: xrun emulators [--json] [--verbose]',
  emulate:
    'usage: xrun emulate [--no-credentials] [--persist] [--yes] PLATFORM...\n' +
    '       xrun emulate --remove [--force] PLATFORM...',
};
