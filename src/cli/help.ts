export const HELP = `Usage: xrun [XRUN OPTIONS] [DOCKER RUN OPTIONS] IMAGE [COMMAND] [ARG...]
       xrun inspect [--json] [--size] IMAGE
       xrun emulators [--json]
       xrun emulate [--no-credentials] PLATFORM...

Runs an image like "docker run", first checking that its platform fits the
daemon's CPU: it pulls the matching entry of a multi-platform image, or runs
a foreign one under qemu-user emulation through binfmt_misc.

xrun options (anywhere before the image):
  --emulate         allow emulation; register the qemu handler if needed
  --native          never emulate
  --yes             take the best option without asking
  --dry-run         print the docker commands instead of running them
  --json            with --dry-run: print the plan as JSON
  --no-credentials  register handlers without the C flag
  --verbose         explain the decision and log each step on stderr
  --help, --version

Docker's own --platform and DOCKER_DEFAULT_PLATFORM choose the platform.
Without a terminal xrun never asks: it exits 125 saying which flag it needs.`;
