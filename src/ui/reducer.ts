/** The prompt's whole state: where the cursor is and how it ended. */
export interface PromptState {
  cursor: number;
  count: number;
  outcome?: { kind: 'chosen'; index: number } | { kind: 'cancelled' };
}

export type PromptAction =
  { type: 'up' } | { type: 'down' } | { type: 'choose' } | { type: 'cancel' };

/** Moves the cursor (wrapping), chooses or cancels; ignores input once ended. */
export function promptReducer(state: PromptState, action: PromptAction): PromptState {
  if (state.outcome) return state;
  switch (action.type) {
    case 'up':
      return { ...state, cursor: (state.cursor - 1 + state.count) % state.count };
    case 'down':
      return { ...state, cursor: (state.cursor + 1) % state.count };
    case 'choose':
      return { ...state, outcome: { kind: 'chosen', index: state.cursor } };
    case 'cancel':
      return { ...state, outcome: { kind: 'cancelled' } };
  }
}
