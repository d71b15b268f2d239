import { printable } from '../text.js';
import { UserError } from '../errors.js';

/** An OCI platform, always held in normalized form. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Architectures xrun knows by their OCI names. */
export const KNOWN_ARCHITECTURES = [
  '386',
  'amd64',
  'arm',
  'arm64',
  'ppc64le',
  's390x',
  'riscv64',
  'mips64le',
  'loong64',
] as const;

const ARCH_ALIASES = new Map<string, { architecture: string; variant?: string }>(
  Object.entries({
    x86_64: { architecture: 'amd64' },
    'x86-64': { architecture: 'amd64' },
    x64: { architecture: 'amd64' },
    aarch64: { architecture: 'arm64' },
    armhf: { architecture: 'arm', variant: 'v7' },
    armel: { architecture: 'arm', variant: 'v6' },
    armv5l: { architecture: 'arm', variant: 'v5' },
    armv6l: { architecture: 'arm', variant: 'v6' },
    armv7l: { architecture: 'arm', variant: 'v7' },
    armv8l: { architecture: 'arm', variant: 'v8' },
    i386: { architecture: '386' },
    i486: { architecture: '386' },
    i586: { architecture: '386' },
    i686: { architecture: '386' },
    x86: { architecture: '386' },
    ppc64el: { architecture: 'ppc64le' },
    loongarch64: { architecture: 'loong64' },
  }),
);

/** Spellings of a variant that mean the same as the canonical one. */
const VARIANT_ALIASES = new Map<string, string>(
  Object.entries({
    armv5: 'v5',
    armv6: 'v6',
    armv7: 'v7',
    armv8: 'v8',
    '5': 'v5',
    '6': 'v6',
    '7': 'v7',
    '8': 'v8',
  }),
);

/** Whether a variant was spelled in a way that is not the OCI one (armv8, 7). */
export function isNonstandardVariant(variant: string | undefined): boolean {
  return variant !== undefined && VARIANT_ALIASES.has(variant.toLowerCase());
}

/** Brings names from uname, Debian, Docker and OCI to one form, as containerd does. */
export function normalize(raw: {
  os?: string;
  architecture: string;
  variant?: string | undefined;
}): Platform {
  const os = (raw.os ?? 'linux').toLowerCase();
  const arch = raw.architecture.toLowerCase();
  const alias = ARCH_ALIASES.get(arch);
  const architecture = alias?.architecture ?? arch;
  let variant = raw.variant ? raw.variant.toLowerCase() : alias?.variant;
  if (variant) variant = VARIANT_ALIASES.get(variant) ?? variant;

  if (architecture === 'arm64' && (variant === 'v8' || variant === undefined)) {
    return { os, architecture };
  }
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Reads `os/arch[/variant]`, `arch` alone, or a uname machine name. */
export function parsePlatform(text: string): Platform {
  if (/\s/.test(text)) {
    throw new UserError(`invalid platform "${text}": it must not contain spaces`);
  }
  if (printable(text) !== text) {
    throw new UserError(
      `invalid platform "${printable(text)}": it must not contain control characters`,
    );
  }
  const parts = text.split('/');
  if (parts.some((part) => part === '') || parts.length > 3) {
    throw new UserError(
      `invalid platform "${text}": write it as os/arch[/variant], e.g. linux/arm64`,
    );
  }
  const [first = '', second, third] = parts;
  const raw =
    parts.length === 1
      ? { os: 'linux', architecture: first }
      : { os: first, architecture: second ?? '', variant: third };
  const platform = normalize(raw);

  if (!(KNOWN_ARCHITECTURES as readonly string[]).includes(platform.architecture)) {
    throw new UserError(
      `unknown architecture "${raw.architecture}" in platform "${text}": ` +
        `use one of ${KNOWN_ARCHITECTURES.join(', ')}`,
    );
  }
  return platform;
}

/** The one printed form: os/arch[/variant]. */
export function formatPlatform(platform: Platform): string {
  const base = `${platform.os}/${platform.architecture}`;
  // The parts may come from a registry or the daemon: no control characters get out.
  return printable(platform.variant ? `${base}/${platform.variant}` : base);
}

/** Exact equality after normalization. */
export function samePlatform(a: Platform, b: Platform): boolean {
  return formatPlatform(normalize(a)) === formatPlatform(normalize(b));
}
