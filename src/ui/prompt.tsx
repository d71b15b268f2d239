import { Box, render, Text, useApp, useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import { formatPlatform } from '../platform/platform.js';
import { printable } from '../text.js';
import { onStopSignal, stoppedBy } from '../run/signals.js';
import type { Option, Plan } from '../plan/types.js';
import { describeOption, optionDetail, platformList } from './describe.js';
import { readSlowdowns, type Slowdowns } from './slowdown.js';
import { promptReducer, type PromptState } from './reducer.js';

interface Props {
  plan: Plan;
  slowdowns: Slowdowns;
  image: string;
  onDone: (outcome: NonNullable<PromptState['outcome']>) => void;
}

/** Shows the host, the image's platforms and the options; arrows and Enter choose. */
function Prompt({ plan, slowdowns, image, onDone }: Props) {
  const labels = [
    ...plan.options.map((o) => printable(describeOption(o, slowdowns))),
    'Stop and change nothing',
  ];
  const [state, dispatch] = useReducer(promptReducer, {
    cursor: 0,
    count: labels.length,
  });
  const { exit } = useApp();

  useInput((input, key) => {
    if (key.upArrow || input === 'k') dispatch({ type: 'up' });
    else if (key.downArrow || input === 'j') dispatch({ type: 'down' });
    else if (key.return) dispatch({ type: 'choose' });
    else if (key.escape || (key.ctrl && input === 'c') || input === 'q')
      dispatch({ type: 'cancel' });
  });
  useEffect(() => {
    if (!state.outcome) return;
    onDone(state.outcome);
    exit();
  }, [state.outcome, onDone, exit]);

  return (
    <Box flexDirection="column">
      <Text bold>
        {printable(image)} has no {formatPlatform(plan.host)} entry
      </Text>
      <Text>{`  host    ${formatPlatform(plan.host)}`}</Text>
      <Text>{`  image   ${platformList(plan.rows)}`}</Text>
      {plan.warnings.map((w) => (
        <Text key={w} dimColor>
          {'  note    '}
          {printable(w)}
        </Text>
      ))}
      <Text>How should it run?</Text>
      {labels.map((label, i) => (
        <Box key={label} flexDirection="column">
          <Text color={i === state.cursor ? 'cyan' : undefined}>
            {i === state.cursor ? '❯ ' : '  '}
            {label}
          </Text>
          {i === state.cursor && detail(plan.options[i]) ? (
            <Text dimColor>{`    ${detail(plan.options[i])}`}</Text>
          ) : null}
        </Box>
      ))}
      <Text dimColor>↑/↓ move · Enter choose · Esc cancel</Text>
    </Box>
  );
}

function detail(option: Option | undefined): string | undefined {
  const text = option && optionDetail(option);
  return text && printable(text);
}

/**
 * Reads and drops what was typed before the prompt is drawn: an Enter meant
 * for something else must not choose an option (one may register a handler
 * for the whole kernel). What is already waiting arrives in the first read.
 */
async function discardTypeahead(stdin: NodeJS.ReadStream): Promise<void> {
  if (!stdin.isTTY) return;
  const wasRaw = stdin.isRaw;
  // 'readable' rather than 'data': once its listener is gone, the stream is as
  // ink expects to find it (neither flowing nor paused).
  const drain = () => {
    while (stdin.read() !== null);
  };
  stdin.setRawMode(true);
  stdin.on('readable', drain);
  await new Promise((resolve) => setTimeout(resolve, 30));
  drain();
  stdin.off('readable', drain);
  stdin.setRawMode(wasRaw);
}

/** Renders the prompt on stderr and resolves with the chosen option, or undefined. */
export async function askForOption(
  plan: Plan,
  image: string,
): Promise<Option | undefined> {
  let outcome: PromptState['outcome'];
  await discardTypeahead(process.stdin);
  const app = render(
    <Prompt
      plan={plan}
      slowdowns={readSlowdowns()}
      image={image}
      onDone={(o) => (outcome = o)}
    />,
    {
      stdout: process.stderr,
      stdin: process.stdin,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  let stopped: NodeJS.Signals | undefined;
  const dispose = onStopSignal((signal) => {
    stopped = signal;
    app.unmount();
  });
  await app.waitUntilExit().finally(dispose);
  if (stopped) throw stoppedBy(stopped, 'the prompt');
  if (outcome?.kind !== 'chosen') return undefined;
  return plan.options[outcome.index];
}
