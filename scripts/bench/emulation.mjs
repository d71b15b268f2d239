// What the emulation figure needs: binfmt handlers and foreign images, added for the
// bench and taken away afterwards (only what the bench itself added).
import { readdirSync, writeFileSync } from 'node:fs';
import { capture, tryCapture } from './spawn.mjs';

const BINFMT = '/proc/sys/fs/binfmt_misc';

// Names of the registered binfmt handlers.
const handlerNames = () =>
  readdirSync(BINFMT).filter((name) => name !== 'register' && name !== 'status');

// Registers a handler (with `xrun emulate`) for each platform that has no working one;
// resolves to those it added, as { platform, name }.
export async function addHandlers(xrun, platforms) {
  const added = [];
  for (const platform of platforms) {
    const before = new Set(handlerNames());
    const out = await capture([xrun, 'emulate', platform]);
    const name = /registered (\S+)/.exec(out)?.[1];
    if (name && !before.has(name) && handlerNames().includes(name)) {
      added.push({ platform, name });
    }
  }
  return added;
}

// Removes handlers the bench added: with `xrun emulate --remove`, so xrun's record of
// the handlers it registered stays true, else by writing -1 to the handler's file.
export async function removeHandlers(xrun, added) {
  for (const { platform, name } of added) {
    await tryCapture([xrun, 'emulate', '--remove', platform]);
    if (handlerNames().includes(name)) writeFileSync(`${BINFMT}/${name}`, '-1');
  }
}

// Pulls each image that is not local yet; resolves to those it pulled.
export async function pullMissing(images) {
  const pulled = [];
  for (const { image, platform } of images) {
    if (await tryCapture(['docker', 'image', 'inspect', '--format', '{{.Id}}', image])) {
      continue;
    }
    await capture(['docker', 'pull', '-q', '--platform', platform, image]);
    pulled.push(image);
  }
  return pulled;
}

// Removes images the bench pulled.
export async function removeImages(images) {
  for (const image of images) await tryCapture(['docker', 'image', 'rm', image]);
}
