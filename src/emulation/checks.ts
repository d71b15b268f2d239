import type { BinfmtEntry } from './binfmt.js';
import type { ElfFacts } from './elf.js';
import { expectsPreserveArgv0, type QemuProfile } from './profiles.js';

/** One finding: errors break emulation, warnings limit it, notes only inform. */
export interface Problem {
  code: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  /** The handler the finding is about, when it is about one. */
  handler?: string;
}

/** What is known around one entry when judging it. */
export interface EntryContext {
  dir: string;
  profiles: QemuProfile[];
  /** The interpreter as a file: facts, null when absent, undefined when not looked at. */
  interpreter: ElfFacts | null | undefined;
  /** Release of the kernel holding the entry. */
  kernel: string;
}

const error = (code: string, message: string): Problem => ({
  code,
  severity: 'error',
  message,
});
const warning = (code: string, message: string): Problem => ({
  code,
  severity: 'warning',
  message,
});

/** Whether a kernel release is at least major.minor. */
export function kernelAtLeast(release: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = release.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  return a > major || (a === major && b >= minor);
}

/**
 * Whether an interpreter expects P: by name or profile, and a static (or
 * kernel-held) /usr/bin/qemu-ARCH, which is a tonistiigi/binfmt build that
 * assumes P; Debian's dynamic one of that name does not.
 */
export function expectsP(
  entry: BinfmtEntry,
  facts: ElfFacts | null | undefined,
  profiles: QemuProfile[],
): boolean | undefined {
  const plain = profiles.some((p) => entry.interpreter === `/usr/bin/qemu-${p.qemu}`);
  if (plain && facts !== undefined && !facts?.interpreter) return true;
  return expectsPreserveArgv0(entry.interpreter, profiles);
}

/** Everything wrong with one handler entry, for use by containers. */
export function entryProblems(entry: BinfmtEntry, ctx: EntryContext): Problem[] {
  const { name, interpreter: interp, flags } = entry;
  const facts = ctx.interpreter;
  const problems: Problem[] = [];
  if (!entry.enabled) {
    problems.push(
      error(
        'disabled',
        `handler ${name} is disabled: enable it with "echo 1 > ${ctx.dir}/${name}"`,
      ),
    );
  }
  if (!flags.includes('F')) {
    problems.push(
      error(
        'no-fix-binary',
        `handler ${name} has no F flag, so containers fail with "no such file or ` +
          `directory" (the kernel looks for ${interp} inside them)`,
      ),
    );
    if (facts === null) {
      problems.push(
        error(
          'interpreter-missing',
          `${interp} does not exist, so ${name} cannot run anything`,
        ),
      );
    }
  } else if (facts === null) {
    problems.push({
      code: 'interpreter-gone',
      severity: 'note',
      message:
        `${interp} is no longer on disk, but the kernel holds it open (F flag): ` +
        `${name} works until reboot or until it is removed`,
    });
  }
  if (facts && !facts.isElf) {
    problems.push(
      warning(
        'not-elf',
        `${interp} is not an ELF program, so containers may not start it`,
      ),
    );
  }
  if (facts?.interpreter) {
    problems.push(
      error(
        'dynamic-interpreter',
        `${interp} is dynamically linked (needs ${facts.interpreter}), so it cannot start ` +
          'inside containers: use a static build (apt-get install qemu-user-static)',
      ),
    );
  }
  problems.push(...argv0Problems(entry, ctx));
  if (!flags.includes('C')) {
    problems.push(
      warning(
        'no-credentials',
        `handler ${name} has no C flag, so setuid programs such as sudo fail under emulation`,
      ),
    );
  }
  return problems.map((p) => ({ ...p, handler: name }));
}

/** P set or missing against what the interpreter expects (B46). */
function argv0Problems(entry: BinfmtEntry, ctx: EntryContext): Problem[] {
  const expects = expectsP(entry, ctx.interpreter, ctx.profiles);
  const hasP = entry.flags.includes('P');
  if (expects === true && !hasP) {
    return [
      error(
        'p-missing',
        `${entry.interpreter} expects preserve-argv0 but P is not set, so multi-call ` +
          'programs like busybox fail ("applet not found")',
      ),
    ];
  }
  if (expects === false && hasP && !kernelAtLeast(ctx.kernel, 5, 12)) {
    return [
      error(
        'p-unexpected',
        `P is set but ${entry.interpreter} does not expect it and kernel ${ctx.kernel} ` +
          'cannot tell it so (5.12 or later can): programs get their path as an extra argument',
      ),
    ];
  }
  return [];
}
