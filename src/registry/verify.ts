import { UserError } from '../errors.js';
import { formatPlatform, type Platform } from '../platform/platform.js';
import { familiarName, type Reference } from '../reference/reference.js';
import { clientFor, type ClientOptions } from './client.js';
import { contradicts } from './config.js';
import { readImage } from './image.js';

/**
 * Checks the index entry xrun is about to use against its own config: when the
 * two name different platforms the image is mislabelled and xrun stops.
 * Costs two requests (the entry's manifest and its config).
 */
export async function verifyEntry(
  ref: Reference,
  entry: { digest: string; platform: Platform },
  options: ClientOptions = {},
): Promise<void> {
  const client = clientFor(ref, options);
  const facts = await readImage(client, entry.digest);
  if (!facts || !contradicts(entry.platform, facts.config)) return;
  const { config } = facts;
  const listed = formatPlatform(entry.platform);
  const declared = config.variant
    ? formatPlatform(config.platform)
    : `${config.platform.os}/${config.platform.architecture}`;
  throw new UserError(
    `mislabelled image: ${familiarName(ref)}@${entry.digest} is listed as ${listed} ` +
      `but its config says ${declared}; not running it (the publisher must fix the index)`,
  );
}
