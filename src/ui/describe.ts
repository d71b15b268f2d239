import { formatPlatform } from '../platform/platform.js';
import type { Option, Plan, PlatformRow } from '../plan/types.js';

/** One line naming an option and what choosing it does. */
export function describeOption(option: Option): string {
  const platform = formatPlatform(option.platform);
  if (option.kind === 'local') return `Run the local ${platform} image`;
  if (option.kind === 'pull') {
    const how = option.fit === 'exact' ? 'native' : 'compatible, runs natively';
    return `Pull ${platform} (${how}) and run it`;
  }
  const handler = {
    working: `${option.handler} is registered`,
    managed: 'emulation managed by Docker Desktop',
    unknown: 'the daemon host must have a handler',
    missing: `registers ${option.handler} from ${option.emulator ?? option.qemu}`,
    broken: option.problem ?? 'handler is broken',
  }[option.state];
  return `Emulate ${platform} through ${option.qemu} (${handler}; much slower than native)`;
}

/** The image's platforms, local copy marked. */
export function platformList(rows: PlatformRow[]): string {
  return rows.map((r) => formatPlatform(r.platform) + (r.local ? ' (local)' : '')).join(', ');
}

/** The plain-text account of a plan, for stderr without a prompt. */
export function planLines(plan: Plan, image: string): string[] {
  const lines = [
    `xrun: ${image}`,
    `  host      ${formatPlatform(plan.host)}`,
    `  image     ${platformList(plan.rows) || 'no runnable platform'}`,
  ];
  if (plan.requested) lines.push(`  requested ${formatPlatform(plan.requested)}`);
  for (const warning of plan.warnings) lines.push(`  note      ${warning}`);
  plan.options.forEach((o, i) => lines.push(`  ${i === 0 ? 'best' : 'or  '}      ${describeOption(o)}`));
  return lines;
}
