import { formatPlatform } from '../platform/platform.js';
import type { Option, Plan } from './types.js';

/** What the user said on the command line about deciding. */
export interface Policy {
  emulate: boolean;
  native: boolean;
  yes: boolean;
  /** A platform was asked for with --platform or DOCKER_DEFAULT_PLATFORM. */
  explicit: boolean;
  /** A prompt can be shown (stdin and stderr are terminals). */
  interactive: boolean;
}

export type Choice =
  | { action: 'go'; option: Option }
  | { action: 'prompt' }
  | { action: 'fail'; code: string; message: string };

/** Decides from flags alone where it can; asks only on a terminal; never guesses. */
export function choose(plan: Plan, policy: Policy): Choice {
  if (plan.failure) return { action: 'fail', ...plan.failure };
  const best = plan.options[0];
  if (!best)
    return { action: 'fail', code: 'no-option', message: 'nothing can run this image' };
  if (best.kind !== 'emulate') return { action: 'go', option: best };

  const what = `${formatPlatform(best.platform)} needs emulation on ${formatPlatform(plan.host)}`;
  if (policy.native) {
    return {
      action: 'fail',
      code: 'no-native-entry',
      message: plan.requested
        ? `${what}, and --native forbids emulating the platform that was asked for`
        : `${what}, and --native forbids it: the image offers no native entry ` +
          `(it offers ${plan.rows.map((r) => formatPlatform(r.platform)).join(', ')})`,
    };
  }
  if (best.state === 'broken') {
    return {
      action: 'fail',
      code: 'broken-handler',
      message: `${what}, but ${best.problem}: fix or remove that handler, then run again`,
    };
  }
  const ready = best.state === 'working' || best.state === 'managed';
  if (policy.emulate || policy.yes || (ready && policy.explicit))
    return { action: 'go', option: best };
  if (policy.interactive) return { action: 'prompt' };
  return { action: 'fail', code: 'needs-decision', message: needsDecision(plan, best) };
}

function needsDecision(plan: Plan, best: Extract<Option, { kind: 'emulate' }>): string {
  const platform = formatPlatform(best.platform);
  const others =
    plan.options.length > 1 ? ` (or --platform with one of ${list(plan)})` : '';
  if (best.state === 'missing') {
    return (
      `${platform} needs emulation on ${formatPlatform(plan.host)} and no binfmt handler ` +
      `for ${best.architecture} is registered: run again with --emulate to register ` +
      `${best.qemu} and run it${others}`
    );
  }
  return (
    `the image has no ${formatPlatform(plan.host)} entry; ${platform} would run under ` +
    `${best.qemu}: run again with --emulate to allow it${others}`
  );
}

function list(plan: Plan): string {
  return plan.options.map((o) => formatPlatform(o.platform)).join(', ');
}
