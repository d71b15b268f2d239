import { formatPlatform } from '../platform/platform.js';
import type { Option, Plan, PlatformRow } from '../plan/types.js';
import { slowdownText, type Slowdowns } from './slowdown.js';

/** One line naming an option and what choosing it does. */
export function describeOption(option: Option, slowdowns: Slowdowns = {}): string {
  const platform = formatPlatform(option.platform);
  if (option.kind === 'local') return `Run the local ${platform} image`;
  if (option.kind === 'pull') {
    const how = option.fit === 'exact' ? 'native' : 'compatible, runs natively';
    return `Pull ${platform} (${how}) and run it`;
  }
  const handler = {
    working: 'handler registered',
    managed: 'Docker Desktop emulates',
    unknown: 'needs a handler on the daemon host',
    missing: 'registers a handler now',
    broken: 'handler broken',
  }[option.state];
  const slowdown = slowdownText(platform, slowdowns);
  return `Emulate ${platform} via ${option.qemu} (${handler}, ${slowdown})`;
}

/** The second line for an option: what exactly it will touch. */
export function optionDetail(option: Option): string | undefined {
  if (option.kind === 'pull')
    return `pulls ${option.digest.slice(0, 19)}…, leaves your tag alone`;
  if (option.kind !== 'emulate') return undefined;
  if (option.state === 'missing') {
    return `registers binfmt_misc handler ${option.handler} for ${option.emulator ?? option.qemu}`;
  }
  if (option.state === 'broken') return option.problem;
  return undefined;
}

/** The image's platforms, local copy marked. */
export function platformList(rows: PlatformRow[]): string {
  return rows
    .map((r) => formatPlatform(r.platform) + (r.local ? ' (local)' : ''))
    .join(', ');
}

/** The plain-text account of a plan, for stderr without a prompt. */
export function planLines(
  plan: Plan,
  image: string,
  slowdowns: Slowdowns = {},
): string[] {
  const lines = [
    `xrun: ${image}`,
    `  host      ${formatPlatform(plan.host)}`,
    `  image     ${platformList(plan.rows) || 'no runnable platform'}`,
  ];
  if (plan.requested) lines.push(`  requested ${formatPlatform(plan.requested)}`);
  for (const warning of plan.warnings) lines.push(`  note      ${warning}`);
  plan.options.forEach((o, i) =>
    lines.push(`  ${i === 0 ? 'best' : 'or  '}      ${describeOption(o, slowdowns)}`),
  );
  return lines;
}
