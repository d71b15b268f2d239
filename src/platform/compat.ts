import { formatPlatform, normalize, type Platform } from './platform.js';

/** What a host can say about itself beyond os/arch/variant. */
export interface HostTraits {
  /** An arm64 CPU that cannot run 32-bit Arm code (Apple M-series and others). */
  no32BitArm?: boolean;
}

const ARM_VARIANTS = ['v8', 'v7', 'v6', 'v5'];
const AMD64_LEVELS = ['v4', 'v3', 'v2', 'v1'];

/** The platforms a host runs without emulation, best first (containerd's fallbacks). */
export function nativePlatforms(host: Platform, traits: HostTraits = {}): Platform[] {
  const { os, architecture, variant } = normalize(host);
  const list: Platform[] = [];
  const add = (arch: string, v?: string) =>
    list.push(v ? { os, architecture: arch, variant: v } : { os, architecture: arch });

  if (architecture === 'amd64') {
    const from = AMD64_LEVELS.indexOf(variant ?? 'v1');
    for (const level of AMD64_LEVELS.slice(from))
      add('amd64', level === 'v1' ? '' : level);
    add('386');
  } else if (architecture === 'arm64') {
    add('arm64');
    if (!traits.no32BitArm) for (const v of ARM_VARIANTS) add('arm', v);
  } else if (architecture === 'arm') {
    const from = ARM_VARIANTS.indexOf(variant ?? 'v7');
    for (const v of ARM_VARIANTS.slice(Math.max(from, 0))) add('arm', v);
  } else {
    add(architecture, variant);
  }
  return list;
}

export type Fit = 'exact' | 'compatible' | 'foreign';

/**
 * How an image platform fits the host: exactly, through a native fallback
 * (only when the user asked for no platform), or not at all.
 */
export function fitOf(
  host: Platform,
  image: Platform,
  traits: HostTraits = {},
): { fit: Fit; rank: number } {
  const wanted = formatPlatform(normalize(image));
  const natives = nativePlatforms(host, traits).map(formatPlatform);
  const rank = natives.indexOf(wanted);
  if (rank === 0) return { fit: 'exact', rank };
  if (rank > 0) return { fit: 'compatible', rank };
  return { fit: 'foreign', rank: Number.POSITIVE_INFINITY };
}

/** True when the host would capture these binaries natively (no binfmt handler). */
export function runsNatively(host: Platform, image: Platform, traits: HostTraits = {}) {
  return fitOf(host, image, traits).fit !== 'foreign';
}
