/**
 * Loads the ink prompt. ink decides once, when imported, whether it runs in
 * CI (from CI or CONTINUOUS_INTEGRATION) and then draws nothing until it
 * exits. xrun only prompts when a person is at a terminal, so the prompt is
 * loaded with those variables hidden and they are put back straight after.
 */
export async function loadPrompt(): Promise<typeof import('./prompt.js')> {
  const saved = {
    CI: process.env.CI,
    CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION,
  };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await import('./prompt.js');
  } finally {
    for (const [key, value] of Object.entries(saved))
      if (value !== undefined) process.env[key] = value;
  }
}
